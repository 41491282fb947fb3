import { getRouteApi, Link } from "@tanstack/react-router";
import { ArrowDown, ArrowUp, ArrowUpDown, Layers, PieChart } from "lucide-react";
import { Suspense, lazy, useMemo, useState } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Change } from "@/components/ui/change";
import { EmptyState } from "@/components/ui/empty";
import { Input, Label, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page";
import { Loading, Skeleton } from "@/components/ui/skeleton";
import { useAccounts } from "@/features/accounts/api";
import { cn } from "@/lib/cn";
import { type Decimal, compare, dec } from "@/lib/decimal";
import { formatDate, formatMoney, formatPercent, formatPrice, formatQuantity, label } from "@/lib/format";
import { useQuotes } from "@/live/hooks";
import { useHoldings } from "./api";
import { type LivePosition, serverTotals, valuePositions } from "./valuation";

// The dialog (and its library) loads the first time lots are asked for.
const LotsDialog = lazy(() => import("./LotsDialog"));

const route = getRouteApi("/holdings");

type SortKey = "symbol" | "account" | "quantity" | "price" | "value" | "basis" | "gain" | "gainPct" | "weight";

const COLUMNS: { key: SortKey; label: string; numeric: boolean; className?: string }[] = [
  { key: "symbol", label: "Symbol", numeric: false },
  { key: "account", label: "Account", numeric: false },
  { key: "quantity", label: "Quantity", numeric: true },
  { key: "price", label: "Price", numeric: true },
  { key: "value", label: "Market value", numeric: true },
  { key: "basis", label: "Cost basis", numeric: true },
  { key: "gain", label: "Gain", numeric: true },
  { key: "gainPct", label: "Gain %", numeric: true },
  { key: "weight", label: "Weight", numeric: true },
];

function sortValue(p: LivePosition, key: SortKey): Decimal | string | null {
  switch (key) {
    case "symbol":
      return p.holding.symbol;
    case "account":
      return p.holding.account;
    case "quantity":
      return dec(p.holding.quantity);
    case "price":
      return p.price;
    case "value":
      return p.marketValue;
    case "basis":
      return p.costBasis;
    case "gain":
      return p.gain;
    case "gainPct":
      return p.gainRatio;
    case "weight":
      return p.weight;
  }
}

function comparePositions(a: LivePosition, b: LivePosition, key: SortKey): number {
  const x = sortValue(a, key);
  const y = sortValue(b, key);
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  if (typeof x === "string" || typeof y === "string") return String(x).localeCompare(String(y));
  return compare(x, y);
}

export default function HoldingsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const holdings = useHoldings();
  const accounts = useAccounts();
  const quotes = useQuotes();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "value", desc: true });
  const [assetClass, setAssetClass] = useState("");
  const [lotsOf, setLotsOf] = useState<LivePosition | null>(null);

  const accountName = accounts.data?.find((a) => a.id === search.account)?.name;
  const valued = useMemo(
    () => (holdings.data ? valuePositions(holdings.data.positions, quotes, serverTotals(holdings.data)) : null),
    [holdings.data, quotes],
  );

  const rows = useMemo(() => {
    if (!valued) return [];
    const q = (search.q ?? "").toLowerCase();
    return valued.positions
      .filter((p) => !q || p.holding.symbol.toLowerCase().includes(q) || p.holding.name.toLowerCase().includes(q))
      .filter((p) => !search.account || p.holding.account === accountName)
      .filter((p) => !assetClass || (p.holding.asset_class ?? "other") === assetClass)
      .sort((a, b) => (sort.desc ? -1 : 1) * comparePositions(a, b, sort.key));
  }, [valued, search.q, search.account, accountName, assetClass, sort]);

  const classes = [...new Set((holdings.data?.positions ?? []).map((p) => p.asset_class ?? "other"))].sort();
  const filtered = Boolean(search.q || search.account || assetClass);

  const toggleSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== "symbol" && key !== "account" }));

  return (
    <>
      <PageHeader
        title="Holdings"
        description={holdings.data?.prices_as_of_note ?? "Your positions by account, with live prices when connected."}
      />
      <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <SummaryTile term="Market value">{valued && formatMoney(valued.totals.value)}</SummaryTile>
        <SummaryTile term="Today">
          {valued && (
            <>
              <Change value={valued.totals.dayChange} />
              {/* Always its own line: a live update that widens the figure cannot add a line
                  and push the table down. */}
              <span className="block text-xs font-medium">
                <Change value={valued.totals.dayChangeRatio} kind="percent" showIcon={false} />
              </span>
            </>
          )}
        </SummaryTile>
        <SummaryTile term="Cost basis">{valued && formatMoney(valued.totals.costBasis)}</SummaryTile>
        <SummaryTile term="Unrealized gain">{valued && <Change value={valued.totals.gain} />}</SummaryTile>
      </dl>
      <form
        role="search"
        aria-label="Filter holdings"
        className="mb-3 grid grid-cols-2 items-end gap-3 lg:grid-cols-[1fr_14rem_14rem_auto]"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="col-span-2 grid gap-1.5 lg:col-span-1">
          <Label htmlFor="holdings-q">Symbol or name</Label>
          <Input
            id="holdings-q"
            type="search"
            placeholder="e.g. VTI"
            value={search.q ?? ""}
            onChange={(e) => void navigate({ search: (s) => ({ ...s, q: e.target.value || undefined }), replace: true })}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="holdings-account">Account</Label>
          <Select
            id="holdings-account"
            value={search.account ?? ""}
            onChange={(e) =>
              void navigate({ search: (s) => ({ ...s, account: e.target.value ? Number(e.target.value) : undefined }), replace: true })
            }
          >
            <option value="">All accounts</option>
            {(accounts.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="holdings-class">Asset class</Label>
          <Select id="holdings-class" value={assetClass} onChange={(e) => setAssetClass(e.target.value)}>
            <option value="">All asset classes</option>
            {classes.map((c) => (
              <option key={c} value={c}>
                {label(c)}
              </option>
            ))}
          </Select>
        </div>
        <Button
          variant="outline"
          className="col-span-2 lg:col-span-1"
          disabled={!filtered}
          onClick={() => {
            setAssetClass("");
            void navigate({ search: {}, replace: true });
          }}
        >
          Clear filters
        </Button>
      </form>

      {holdings.isError ? (
        <ErrorAlert title="Your holdings could not be loaded" error={holdings.error} onRetry={() => void holdings.refetch()} />
      ) : !valued ? (
        <Loading label="Loading holdings" className="grid gap-2">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </Loading>
      ) : valued.positions.length === 0 ? (
        <EmptyState
          icon={PieChart}
          title="No holdings yet"
          action={
            <Button asChild>
              <Link to="/import">Import transactions</Link>
            </Button>
          }
        >
          Positions appear here once transactions are recorded.
        </EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Holdings table (scrolls sideways)">
            <table className="w-full min-w-[960px] text-sm">
              <caption className="sr-only">
                Holdings, {rows.length} of {valued.positions.length} positions, sorted by{" "}
                {COLUMNS.find((c) => c.key === sort.key)?.label} {sort.desc ? "descending" : "ascending"}
              </caption>
              <thead className="bg-muted/60 text-xs text-muted-foreground">
                <tr>
                  {COLUMNS.map((col) => (
                    <th
                      key={col.key}
                      scope="col"
                      aria-sort={sort.key === col.key ? (sort.desc ? "descending" : "ascending") : undefined}
                      className={cn("px-1.5 py-2 font-medium", col.numeric ? "text-right" : "text-left", col.key === "symbol" && "sticky left-0 bg-muted")}
                    >
                      <button
                        type="button"
                        onClick={() => toggleSort(col.key)}
                        className={cn(
                          "inline-flex items-center gap-1 rounded hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                          col.numeric && "flex-row-reverse",
                        )}
                      >
                        {col.label}
                        {sort.key === col.key ? (
                          sort.desc ? <ArrowDown aria-hidden="true" className="size-3" /> : <ArrowUp aria-hidden="true" className="size-3" />
                        ) : (
                          <ArrowUpDown aria-hidden="true" className="size-3 opacity-50" />
                        )}
                      </button>
                    </th>
                  ))}
                  <th scope="col" className="px-1.5 py-2 text-right font-medium">
                    <span className="sr-only">Lots</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <HoldingRow key={p.key} position={p} asOf={holdings.data?.as_of ?? null} onLots={() => setLotsOf(p)} />
                ))}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={COLUMNS.length + 1} className="px-1.5 py-8 text-center text-muted-foreground">
                      No position matches these filters.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      {holdings.data && holdings.data.unpriced.length > 0 && (
        <p className="mt-3 text-sm text-warning-text">No price is known for {holdings.data.unpriced.join(", ")}.</p>
      )}
      {lotsOf && (
        <Suspense fallback={null}>
          <LotsDialog
            position={lotsOf}
            accountId={accounts.data?.find((a) => a.name === lotsOf.holding.account)?.id}
            onClose={() => setLotsOf(null)}
          />
        </Suspense>
      )}
    </>
  );
}

/** A figure above the table; a placeholder of the same size until the holdings arrive. */
function SummaryTile({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-border bg-card p-3">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="min-h-7 text-lg font-semibold tabular-nums">{children ?? <Skeleton className="mt-1 h-5 w-28" />}</dd>
    </div>
  );
}

function HoldingRow({ position: p, onLots, asOf }: { position: LivePosition; onLots: () => void; asOf: string | null }) {
  const cash = p.holding.asset_class === "cash";
  const tick = p.quote?.tick;
  return (
    <tr className="border-t border-border/70 hover:bg-muted/40" data-symbol={p.holding.symbol}>
      <th scope="row" className="sticky left-0 bg-card px-1.5 py-2 text-left font-normal">
        <span className="block font-semibold">{p.holding.symbol}</span>
        <span className="block max-w-[8rem] truncate text-xs text-muted-foreground" title={p.holding.name}>
          {p.holding.name}
        </span>
      </th>
      <td className="whitespace-nowrap px-1.5 py-2">{p.holding.account}</td>
      <td className="px-1.5 py-2 text-right tabular-nums">{formatQuantity(p.holding.quantity)}</td>
      <td className="px-1.5 py-2 text-right tabular-nums">
        {p.price ? (
          <span data-testid={`price-${p.holding.symbol}`} className="inline-flex items-center gap-1">
            {p.quote && (
              <Badge tone="success" className="px-1 py-0 text-[10px]">
                Live
              </Badge>
            )}
            {/* Only the price flashes on a move (the badge keeps its contrast). */}
            <span
              key={p.quote?.receivedAt ?? "close"}
              className={cn("rounded px-1", tick === "up" && "tick-up", tick === "down" && "tick-down")}
            >
              {cash ? "—" : formatPrice(p.price)}
            </span>
          </span>
        ) : (
          <span className="text-muted-foreground">no price</span>
        )}
        {!p.quote && p.holding.price_date && !cash && p.holding.price_date !== asOf && (
          <span className="block text-[11px] text-muted-foreground">{formatDate(p.holding.price_date)}</span>
        )}
      </td>
      <td className="px-1.5 py-2 text-right font-medium tabular-nums">{p.marketValue ? formatMoney(p.marketValue) : "—"}</td>
      <td className="px-1.5 py-2 text-right tabular-nums">{formatMoney(p.costBasis)}</td>
      <td className="px-1.5 py-2 text-right">{cash ? "—" : <Change value={p.gain} />}</td>
      <td className="px-1.5 py-2 text-right">{cash ? "—" : <Change value={p.gainRatio} kind="percent" showIcon={false} />}</td>
      <td className="px-1.5 py-2 text-right tabular-nums">{p.weight ? formatPercent(p.weight, { digits: 1 }) : "—"}</td>
      <td className="px-1.5 py-2 text-right">
        {!cash && (
          <Button variant="ghost" size="sm" onClick={onLots} aria-label={`Lots of ${p.holding.symbol} in ${p.holding.account}`}>
            <Layers aria-hidden="true" />
            {/* The accessible name is the aria-label; the word shows where there is room. */}
            <span aria-hidden="true" className="hidden 2xl:inline">
              Lots
            </span>
          </Button>
        )}
      </td>
    </tr>
  );
}
