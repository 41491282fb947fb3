/**
 * The routes (a contract for outside checks): /, /accounts, /holdings, /transactions,
 * /import. Dashboard and Holdings are in the main chunk; every other page is its own lazily
 * loaded chunk. A new page adds a route here and an entry in features/shell/nav.ts.
 */
import type { QueryClient } from "@tanstack/react-query";
import {
  type RouterHistory,
  Link,
  Outlet,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
} from "@tanstack/react-router";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page";
import DashboardPage from "@/features/dashboard/DashboardPage";
import { holdingsQuery } from "@/features/holdings/api";
import HoldingsPage from "@/features/holdings/HoldingsPage";
import { AppShell } from "@/features/shell/AppShell";
import { type VaultStatus, vaultStatusKey } from "@/features/vault/api";
import { VaultGate } from "@/features/vault/VaultGate";

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function optionalId(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function optionalDate(value: unknown): string | undefined {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

function NotFound() {
  return (
    <div>
      <PageHeader title="Page not found" description="There is no page at this address." />
      <Button asChild>
        <Link to="/">Go to the dashboard</Link>
      </Button>
    </div>
  );
}

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: () => (
    <VaultGate>
      <AppShell>
        <Outlet />
      </AppShell>
    </VaultGate>
  ),
  notFoundComponent: NotFound,
  errorComponent: ({ error, reset }) => <ErrorAlert title="This page failed to load" error={error} onRetry={reset} />,
});

/**
 * Starts a page's requests as its route matches (on navigation, and on hover with
 * `defaultPreload: "intent"`), once the vault's status says signed in: nothing is asked of a
 * locked vault. On the first load the status is not known yet and index.html has already
 * started the status and holdings requests (src/api/boot.ts).
 */
function whenSignedIn(client: QueryClient, start: () => void): void {
  if (client.getQueryData<VaultStatus>(vaultStatusKey)?.signed_in) start();
}

// Dashboard and Holdings, the pages people open most, are in the main chunk.
const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  // Only what the first paint needs; the cards below the fold ask for the rest as they render.
  loader: ({ context: { queryClient } }) => whenSignedIn(queryClient, () => void queryClient.prefetchQuery(holdingsQuery())),
  component: DashboardPage,
});

const accountsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/accounts",
  validateSearch: (search: Record<string, unknown>): { archived?: boolean } =>
    search.archived === true || search.archived === "true" ? { archived: true } : {},
  component: lazyRouteComponent(() => import("@/features/accounts/AccountsPage")),
});

export interface HoldingsSearch {
  q?: string;
  account?: number;
}

const holdingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/holdings",
  validateSearch: (search: Record<string, unknown>): HoldingsSearch => {
    const q = optionalString(search.q);
    const account = optionalId(search.account);
    return { ...(q ? { q } : {}), ...(account ? { account } : {}) };
  },
  loader: ({ context: { queryClient } }) => whenSignedIn(queryClient, () => void queryClient.prefetchQuery(holdingsQuery())),
  component: HoldingsPage,
});

export interface TransactionsSearch {
  account?: number;
  symbol?: string;
  action?: string;
  start?: string;
  end?: string;
}

const transactionsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/transactions",
  validateSearch: (search: Record<string, unknown>): TransactionsSearch => {
    const out: TransactionsSearch = {};
    const account = optionalId(search.account);
    const symbol = optionalString(search.symbol);
    const action = optionalString(search.action);
    const start = optionalDate(search.start);
    const end = optionalDate(search.end);
    if (account) out.account = account;
    if (symbol) out.symbol = symbol.toUpperCase();
    if (action) out.action = action;
    if (start) out.start = start;
    if (end) out.end = end;
    return out;
  },
  component: lazyRouteComponent(() => import("@/features/transactions/TransactionsPage")),
});

const importRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/import",
  component: lazyRouteComponent(() => import("@/features/import/ImportPage")),
});

const routeTree = rootRoute.addChildren([dashboardRoute, accountsRoute, holdingsRoute, transactionsRoute, importRoute]);

/** The app's router; `history` is the browser's unless given (src/prerender.tsx gives a memory one). */
export function makeRouter(queryClient: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context: { queryClient },
    ...(history ? { history } : {}),
    defaultPreload: "intent",
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
