/**
 * The first paint of the pages people open most, rendered at build time (vite.config.ts,
 * `prerender()`), so that a signed-in browser sees the app's frame, the page's heading and its
 * skeleton straight from the HTML, before any JavaScript has arrived (on a phone on a slow
 * network, about a second earlier). The server sends this HTML only to a signed-in session
 * (web/static.py); everyone else gets the plain index.html and the unlock form.
 *
 * It is the real app rendered by React with the real router, in the state of its first frame
 * on that route: vault open, data still loading. So the markup is what main.tsx then renders
 * in its place (no layout shift), not a hand-written imitation. No data is in it: the data
 * arrive from the API as on any other load.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider, createMemoryHistory } from "@tanstack/react-router";
import { StrictMode } from "react";
import { renderToString } from "react-dom/server";
import { type VaultStatus, vaultStatusKey } from "@/features/vault/api";
import { makeRouter } from "./router";

/** The routes prerendered: the file each goes to under dist/prerender/ and its page title. */
export const PRERENDERED: Record<string, { file: string; title: string }> = {
  "/": { file: "dashboard.html", title: "Dashboard" },
  "/holdings": { file: "holdings.html", title: "Holdings" },
};

/** The vault's status in that first frame: open, signed in, the default auto-lock. */
const SIGNED_IN: VaultStatus = {
  exists: true,
  unlocked: true,
  signed_in: true,
  auto_lock_minutes: 15,
  location: "",
  mode: "local",
};

/**
 * The HTML of `#root` for `path`. Requests the pages start while rendering never settle here
 * (the caller gives a `fetch` that never answers), so every query is still loading.
 */
export async function render(path: string): Promise<string> {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(vaultStatusKey, SIGNED_IN);
  const router = makeRouter(queryClient, createMemoryHistory({ initialEntries: [path] }));
  await router.load();
  return renderToString(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
