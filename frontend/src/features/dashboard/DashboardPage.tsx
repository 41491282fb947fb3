import { Link } from "@tanstack/react-router";
import { Activity, CircleAlert, Clock, FileUp } from "lucide-react";
import { Allocation } from "@/components/data/Allocation";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Change } from "@/components/ui/change";
import { EmptyState } from "@/components/ui/empty";
import { PageHeader } from "@/components/ui/page";
import { Loading, Skeleton } from "@/components/ui/skeleton";
import { useAccounts } from "@/features/accounts/api";
import { useHoldings } from "@/features/holdings/api";
import { serverTotals, valuePositions } from "@/features/holdings/valuation";
import { useMarketStatus } from "@/features/market/api";
import { type Decimal, dec, div, sub } from "@/lib/decimal";
import { formatDate, formatMoney, formatPercent, formatPrice, formatTime, label } from "@/lib/format";
import { useAfterPaint } from "@/lib/useAfterPaint";
import { useConnectionState, usePortfolio, useQuotes } from "@/live/hooks";
import { accountTypeOf, groupBy, topMovers } from "./summarize";
import { ValueHistoryCard } from "./ValueHistoryCard";

/**
 * The same in every state, so the heading drawn from the prerendered HTML (src/prerender.tsx)
 * stays as it is when the data arrive; when the prices are from is on the net worth's badge.
 */
const DESCRIPTION = "Your net worth, today's change and allocation across all of your accounts.";

/**
 * The first paint needs one request, `/api/v1/holdings` (net worth, today's change, movers and
 * the allocations); accounts (for "By account type") and the data's freshness fill in after,
 * and the value history loads only when its card comes into view.
 */
export default function DashboardPage() {
  const holdings = useHoldings();
  const accounts = useAccounts();
  const quotes = useQuotes();
  const portfolio = usePortfolio();
  const connection = useConnectionState();
  const belowTheFold = useAfterPaint();
  const data = holdings.data;

  if (holdings.isError) {
    return (
      <>
        <PageHeader title="Dashboard" description={DESCRIPTION} />
        <ErrorAlert title="Your holdings could not be loaded" error={holdings.error} onRetry={() => void holdings.refetch()} />
      </>
    );
  }
  if (!data) return <DashboardSkeleton />;
  if (data.positions.length === 0) {
    return (
      <>
        <PageHeader title="Dashboard" description={DESCRIPTION} />
        <EmptyState
          icon={FileUp}
          title="No holdings yet"
          action={
            <div className="flex flex-wrap justify-center gap-2">
              <Button asChild>
                <Link to="/import">Import transactions</Link>
              </Button>
              <Button asChild variant="outline">
                <Link to="/accounts">Add an account</Link>
              </Button>
            </div>
          }
        >
          Import a CSV or OFX file from your broker, or add an account and its transactions, and your net worth appears here.
        </EmptyState>
      </>
    );
  }

  const { positions, totals } = valuePositions(data.positions, quotes, serverTotals(data));
  const live = Boolean(portfolio) || positions.some((p) => p.quote);
  const netWorth: Decimal = portfolio ? dec(portfolio.total_value) : totals.value;
  const dayChange: Decimal | null = portfolio ? dec(portfolio.day_change) : totals.dayChange;
  const dayRatio = portfolio && dayChange ? div(dayChange, sub(netWorth, dayChange), 8) : totals.dayChangeRatio;
  const movers = topMovers(positions);
  const closeLabel = data.as_of ? `On ${formatDate(data.as_of)}` : "Latest day";

  return (
    <>
      <PageHeader title="Dashboard" description={DESCRIPTION} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardDescription className="flex flex-wrap items-center gap-2">
              <span>Net worth</span>
              {live ? (
                <Badge tone="success">
                  <Activity aria-hidden="true" className="size-3" /> Live
                  {portfolio ? ` · ${formatTime(portfolio.as_of)}` : ""}
                </Badge>
              ) : (
                <Badge>At close{data.as_of ? ` · ${formatDate(data.as_of)}` : ""}</Badge>
              )}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-end">
            <div className="grid gap-1">
              <p className="text-4xl font-semibold tracking-tight tabular-nums" data-testid="net-worth" aria-live="off">
                {formatMoney(netWorth)}
              </p>
              <p className="flex flex-wrap items-center gap-x-2 text-sm" data-testid="day-change">
                <span className="text-muted-foreground">{live ? "Today" : closeLabel}</span>
                {dayChange ? (
                  <>
                    <Change value={dayChange} className="font-medium" />
                    {dayRatio && <Change value={dayRatio} kind="percent" showIcon={false} className="font-medium" />}
                  </>
                ) : (
                  <span className="text-muted-foreground">no change data</span>
                )}
              </p>
            </div>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:text-right">
              <dt className="text-muted-foreground">Cost basis</dt>
              <dd className="tabular-nums">{formatMoney(totals.costBasis, { whole: true })}</dd>
              <dt className="text-muted-foreground">Unrealized gain</dt>
              <dd>
                <Change value={totals.gain} />
              </dd>
            </dl>
            <dl className="grid grid-cols-3 gap-2 border-t border-border pt-3 sm:col-span-2">
              {data.by_tax_treatment.map((slice) => (
                <div key={slice.key} className="grid gap-0.5">
                  <dt className="text-xs text-muted-foreground">{label(slice.key)}</dt>
                  <dd className="text-sm font-medium tabular-nums">
                    {formatMoney(slice.market_value, { whole: true })}{" "}
                    <span className="text-xs font-normal text-muted-foreground">{formatPercent(slice.weight, { digits: 0 })}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Top movers</CardTitle>
            <CardDescription>{movers.some((m) => m.live) ? "Live, today" : `${closeLabel}, from the close before`}</CardDescription>
          </CardHeader>
          <CardContent>
            {movers.length === 0 ? (
              <p className="text-sm text-muted-foreground">No price changes to show.</p>
            ) : (
              <table className="w-full text-sm">
                <caption className="sr-only">Holdings that moved most, with the effect on your value</caption>
                <thead>
                  <tr className="text-xs text-muted-foreground">
                    <th scope="col" className="pb-1 text-left font-medium">Symbol</th>
                    <th scope="col" className="pb-1 text-right font-medium">Price</th>
                    <th scope="col" className="pb-1 text-right font-medium">Change</th>
                    <th scope="col" className="pb-1 text-right font-medium">Your $</th>
                  </tr>
                </thead>
                <tbody>
                  {/* Keyed by rank: when live moves re-order the list, the rows stay put and
                      their contents change (nothing jumps around). */}
                  {movers.map((m, rank) => (
                    <tr key={rank} className="border-t border-border/60" data-symbol={m.symbol}>
                      <th scope="row" className="py-1.5 text-left font-medium">
                        <Link to="/holdings" search={{ q: m.symbol }} className="hover:underline" title={m.name}>
                          {m.symbol}
                        </Link>
                      </th>
                      <td className="py-1.5 text-right tabular-nums">{formatPrice(m.price)}</td>
                      <td className="py-1.5 text-right">
                        <Change value={m.changeRatio} kind="percent" />
                      </td>
                      <td className="py-1.5 text-right">
                        <Change value={m.impact} showIcon={false} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </CardContent>
        </Card>
        {/* Reading order (and the phone's layout): freshness, then the history below the fold;
            on wide screens the history sits under the net worth. The rest renders after the
            first frame. */}
        {belowTheFold ? (
          <>
        <FreshnessCard asOf={data.as_of} unpriced={data.unpriced} connection={connection} className="lg:col-start-3 lg:row-start-2" />
        <ValueHistoryCard className="lg:col-span-2 lg:col-start-1 lg:row-start-2" />
        <Card>
          <CardHeader>
            <CardTitle>By asset class</CardTitle>
          </CardHeader>
          <CardContent>
            <Allocation caption="Allocation by asset class" slices={groupBy(positions, (p) => p.holding.asset_class ?? "other")} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>By account type</CardTitle>
          </CardHeader>
          <CardContent>
            {accounts.isError ? (
              <ErrorAlert error={accounts.error} title="Accounts could not be loaded" />
            ) : accounts.data ? (
              <Allocation caption="Allocation by account type" slices={groupBy(positions, accountTypeOf(accounts.data))} />
            ) : (
              <Skeleton className="h-32" />
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>By account</CardTitle>
          </CardHeader>
          <CardContent>
            <Allocation caption="Allocation by account" slices={groupBy(positions, (p) => p.holding.account)} />
          </CardContent>
        </Card>
          </>
        ) : (
          <div className="h-96 lg:col-span-3" />
        )}
      </div>
    </>
  );
}

const CONNECTION_WORDS: Record<string, string> = {
  open: "connected",
  idle: "off",
  connecting: "connecting",
  reconnecting: "reconnecting",
  offline: "offline (no network)",
  unavailable: "not available from this server",
};

function FreshnessCard({
  asOf,
  unpriced,
  connection,
  className,
}: {
  asOf: string | null;
  unpriced: string[];
  connection: string;
  className?: string;
}) {
  const status = useMarketStatus();
  const stale = (status.data ?? []).filter((f) => f.stale);
  // Closes, not bars: a history may run on with adjusted closes only, which value nothing.
  const newest = (status.data ?? []).map((f) => f.last_close_date).filter(Boolean).sort().at(-1);
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>Data freshness</CardTitle>
        <CardDescription>Where today’s values come from</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <div className="flex items-start gap-2">
          <Clock aria-hidden="true" className="mt-0.5 size-4 text-muted-foreground" />
          <p>
            Holdings valued at closing prices of <strong>{asOf ? formatDate(asOf) : "no date yet"}</strong>.
          </p>
        </div>
        <div className="flex items-start gap-2">
          <Activity aria-hidden="true" className="mt-0.5 size-4 text-muted-foreground" />
          <p>
            Live prices: <strong>{CONNECTION_WORDS[connection] ?? connection}</strong>
          </p>
        </div>
        {status.isError ? (
          <ErrorAlert title="Freshness could not be checked" error={status.error} />
        ) : status.isPending ? (
          <Skeleton className="h-5 w-48" />
        ) : stale.length ? (
          <div className="flex items-start gap-2">
            <CircleAlert aria-hidden="true" className="mt-0.5 size-4 text-warning-text" />
            <p>
              <Badge tone="warning">Stale</Badge> {stale.length} of {status.data.length} symbols have no close for the last
              session{stale[0] ? ` (${formatDate(stale[0].expected_date)})` : ""}; newest stored close {newest ? formatDate(newest) : "none"}.
            </p>
          </div>
        ) : (
          <p>
            <Badge tone="success">Current</Badge> Daily history is up to date.
          </p>
        )}
        {unpriced.length > 0 && (
          <p className="text-warning-text">No price for {unpriced.join(", ")}: left out of the totals.</p>
        )}
      </CardContent>
    </Card>
  );
}

function DashboardSkeleton() {
  return (
    <>
      <PageHeader title="Dashboard" description={DESCRIPTION} />
      <Loading label="Loading your dashboard" className="grid gap-4 lg:grid-cols-3">
        <Skeleton className="h-64 lg:col-span-2" />
        <Skeleton className="h-64" />
      </Loading>
    </>
  );
}

