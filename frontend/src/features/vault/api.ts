import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { bootFetch } from "@/api/boot";
import { api, type Schemas, unwrap } from "@/api/client";
import { sessionActive, sessionEnded, setSessionLifetime } from "@/api/session-hint";

export type VaultStatus = Schemas["VaultStatusRead"];

export const vaultStatusKey = ["vault", "status"] as const;

/** Keeps the session hint for index.html in step with what the server says. */
export function noteVaultStatus(status: VaultStatus): VaultStatus {
  if (status.signed_in) {
    setSessionLifetime(status.auto_lock_minutes);
    sessionActive();
  } else {
    sessionEnded();
  }
  return status;
}

export function vaultStatusQuery() {
  return {
    queryKey: vaultStatusKey,
    queryFn: async () => noteVaultStatus(await unwrap(api.GET("/api/v1/vault/status", bootFetch("status")))),
    staleTime: 30_000,
    retry: 1,
  };
}

export function useVaultStatus() {
  return useQuery(vaultStatusQuery());
}

/** After the vault opens or closes, every cached answer belongs to another state. */
function useResetAfter() {
  const client = useQueryClient();
  return async () => {
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== "vault" });
    await client.invalidateQueries({ queryKey: vaultStatusKey });
  };
}

export function useUnlock() {
  const reset = useResetAfter();
  return useMutation({
    mutationFn: (passphrase: string) => unwrap(api.POST("/api/v1/vault/unlock", { body: { passphrase } })),
    onSuccess: reset,
  });
}

export function useCreateVault() {
  const reset = useResetAfter();
  return useMutation({
    mutationFn: ({ passphrase, demo }: { passphrase: string; demo: boolean }) =>
      unwrap(
        demo
          ? api.POST("/api/v1/vault/demo", { body: { passphrase } })
          : api.POST("/api/v1/vault", { body: { passphrase } }),
      ),
    onSuccess: reset,
  });
}

export function useLock() {
  const reset = useResetAfter();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/vault/lock")),
    onMutate: sessionEnded,
    onSettled: reset,
  });
}
