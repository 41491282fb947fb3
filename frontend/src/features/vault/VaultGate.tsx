import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, Suspense, lazy, useEffect, useState } from "react";
import { onAuthLost } from "@/api/client";
import { ErrorAlert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { useVaultStatus, vaultStatusKey } from "./api";

const FirstRun = lazy(() => import("./FirstRun"));
const Unlock = lazy(() => import("./Unlock"));

function Splash() {
  return (
    <div role="status" aria-live="polite" className="flex min-h-dvh items-center justify-center">
      <span className="sr-only">Loading Nestegg…</span>
      <Skeleton className="h-10 w-40" />
    </div>
  );
}

/**
 * Shows the first-run form when there is no vault and the unlock form when it is locked, at
 * whatever route was asked for: the route renders once the vault opens.
 */
export function VaultGate({ children }: { children: ReactNode }) {
  const status = useVaultStatus();
  const client = useQueryClient();
  const [reason, setReason] = useState<string>();

  useEffect(
    () =>
      onAuthLost(() => {
        setReason("Nestegg locked itself. Enter your passphrase to continue.");
        void client.invalidateQueries({ queryKey: vaultStatusKey });
      }),
    [client],
  );

  if (status.isPending) return <Splash />;
  if (status.isError)
    return (
      <main id="main" className="mx-auto max-w-md p-6">
        <ErrorAlert title="Nestegg is not answering" error={status.error} onRetry={() => void status.refetch()} />
      </main>
    );
  const { exists, signed_in: signedIn } = status.data;
  if (!exists)
    return (
      <Suspense fallback={<Splash />}>
        <FirstRun />
      </Suspense>
    );
  if (!signedIn)
    return (
      <Suspense fallback={<Splash />}>
        <Unlock reason={reason} />
      </Suspense>
    );
  return <>{children}</>;
}
