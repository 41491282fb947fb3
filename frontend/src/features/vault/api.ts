import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";

export const vaultStatusKey = ["vault", "status"] as const;

export function useVaultStatus() {
  return useQuery({
    queryKey: vaultStatusKey,
    queryFn: () => unwrap(api.GET("/api/v1/vault/status")),
    staleTime: 30_000,
    retry: 1,
  });
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
    onSettled: reset,
  });
}
