/**
 * The routes (a contract for outside checks): /, /accounts, /holdings, /transactions,
 * /import. Each page is its own lazily loaded chunk; a new page adds a route here and an
 * entry in features/shell/nav.ts.
 */
import type { QueryClient } from "@tanstack/react-query";
import {
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
import { marketStatusQuery } from "@/features/market/api";
import { accountsQuery } from "@/features/accounts/api";
import { AppShell } from "@/features/shell/AppShell";
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

// Dashboard and Holdings, the pages people open most, are in the main chunk and start their
// requests as soon as the route matches (in parallel with the vault check); a locked vault
// answers 401 and the gate shows the unlock form.
const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(holdingsQuery());
    void context.queryClient.prefetchQuery(accountsQuery(false));
    void context.queryClient.prefetchQuery(marketStatusQuery());
  },
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
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(holdingsQuery());
    void context.queryClient.prefetchQuery(accountsQuery(false));
  },
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

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
