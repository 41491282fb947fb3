import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import { bootJson } from "@/api/boot";
import { ApiError } from "@/api/problem";
import { type Holdings, holdingsQuery } from "@/features/holdings/api";
import { type VaultStatus, noteVaultStatus, vaultStatusKey } from "@/features/vault/api";
import { makeRouter } from "./router";
import "./index.css";

const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

/**
 * The answers index.html asked for while this code downloaded, when they are (nearly) in:
 * with them in the cache, the first frame React draws is the page itself rather than a
 * splash, then a skeleton, then the page (three renders and layouts on a slow phone).
 */
async function seedFromBoot(): Promise<void> {
  const [status, holdings] = await Promise.all([
    bootJson<VaultStatus>("status", 300),
    bootJson<Holdings>("holdings", 400),
  ]);
  if (!status) return;
  queryClient.setQueryData(vaultStatusKey, noteVaultStatus(status));
  if (status.signed_in && holdings) queryClient.setQueryData(holdingsQuery().queryKey, holdings);
}

const router = makeRouter(queryClient);
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");

void seedFromBoot().finally(() => {
  // As a transition, the first render yields to the browser every few milliseconds instead
  // of blocking it for the whole page (on a phone, hundreds of milliseconds).
  startTransition(() => {
    createRoot(root).render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </StrictMode>,
    );
  });
});

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  window.addEventListener("load", () => {
    void navigator.serviceWorker.register("/sw.js").catch(() => {
      // The app works without it; it only makes repeat visits and offline starts faster.
    });
  });
}
