import { Suspense, lazy, useState } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Change } from "@/components/ui/change";
import { Segmented } from "@/components/ui/segmented";
import { Loading, Skeleton } from "@/components/ui/skeleton";
import { isoDaysBefore, usePriceHistory } from "@/features/market/api";
import { type Decimal, dec, div, mul, round, sub, toNumber, toString } from "@/lib/decimal";
import { formatDate, formatMoney } from "@/lib/format";
import { useInView } from "@/lib/useInView";
import type { HistoryPoint } from "@/charts/ValueHistoryChart";

const ValueHistoryChart = lazy(() => import("@/charts/ValueHistoryChart"));

export const BENCHMARK = "VTI";
const RANGES = [
  { value: "3m", label: "3M", days: 91 },
  { value: "1y", label: "1Y", days: 365 },
  { value: "3y", label: "3Y", days: 3 * 365 },
  { value: "5y", label: "5Y", days: 5 * 365 },
  { value: "max", label: "Max", days: 0 },
] as const;
type Range = (typeof RANGES)[number]["value"];

/**
 * Value history with a benchmark. The API has no household value history yet
 * (GET /api/v1/performance/history is requested, see docs/web.md), so this shows the
 * benchmark's total return (adjusted close) scaled to end at today's value: what the same
 * money would have been worth along the way had it all been in the benchmark. No household
 * values are invented.
 */
export function ValueHistoryCard({ asOf, netWorth, className }: { asOf: string | null; netWorth: Decimal; className?: string }) {
  const [range, setRange] = useState<Range>("1y");
  const [asTable, setAsTable] = useState(false);
  const [chartArea, inView] = useInView<HTMLDivElement>();
  const days = RANGES.find((r) => r.value === range)?.days ?? 365;
  const end = asOf ?? undefined;
  const start = asOf && days ? isoDaysBefore(asOf, days) : undefined;
  const history = usePriceHistory(BENCHMARK, start, end, Boolean(asOf));

  const bars = (history.data?.prices ?? []).filter((p) => p.adj_close != null);
  const last = bars.at(-1);
  const first = bars[0];
  let points: HistoryPoint[] = [];
  let rangeReturn: Decimal | null = null;
  if (last?.adj_close && first?.adj_close) {
    const lastAdj = dec(last.adj_close);
    points = bars.map((bar) => {
      const scaled = round(mul(netWorth, div(dec(bar.adj_close as string), lastAdj, 12) ?? dec("0")), 2);
      return { date: bar.date, benchmark: toNumber(scaled), benchmarkText: toString(scaled) };
    });
    rangeReturn = div(sub(lastAdj, dec(first.adj_close)), dec(first.adj_close), 8);
  }

  return (
    <Card className={className}>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>Value history</CardTitle>
          <CardDescription>
            Benchmark {BENCHMARK} (total return), scaled to your value today
            {rangeReturn && (
              <>
                {" · "}
                <Change value={rangeReturn} kind="percent" className="font-medium" /> over the period
              </>
            )}
          </CardDescription>
        </div>
        <div className="flex items-center gap-2">
          <Segmented label="Period" value={range} onChange={setRange} options={RANGES} />
          <Button variant="outline" size="sm" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? "View as chart" : "View as table"}
          </Button>
        </div>
      </CardHeader>
      <CardContent className="grid gap-2" ref={chartArea}>
        {history.isError ? (
          <ErrorAlert title="The benchmark history could not be loaded" error={history.error} onRetry={() => void history.refetch()} />
        ) : history.isPending ? (
          <Loading label="Loading the value history">
            <Skeleton className="h-64" />
          </Loading>
        ) : points.length < 2 ? (
          <p className="text-sm text-muted-foreground">Not enough price history for this period.</p>
        ) : asTable ? (
          <HistoryTable points={points} />
        ) : !inView ? (
          <Skeleton className="h-64" />
        ) : (
          <Suspense fallback={<Skeleton className="h-64" />}>
            <ValueHistoryChart points={points} benchmarkLabel={`${BENCHMARK}, scaled`} />
          </Suspense>
        )}
        <p className="text-xs text-muted-foreground">
          Your own value history appears here once Nestegg records it; until then the line shows the benchmark alone.
        </p>
      </CardContent>
    </Card>
  );
}

function HistoryTable({ points }: { points: HistoryPoint[] }) {
  // Newest first; a long history is thinned to month-ends to stay readable.
  const rows = points.length > 400 ? points.filter((p, i) => i === points.length - 1 || p.date.slice(0, 7) !== points[i + 1]?.date.slice(0, 7)) : points;
  return (
    <div className="max-h-64 overflow-y-auto rounded-md border border-border" tabIndex={0} role="region" aria-label="Value history table">
      <table className="w-full text-sm">
        <caption className="sr-only">Benchmark value history, newest first</caption>
        <thead className="sticky top-0 bg-card">
          <tr className="text-xs text-muted-foreground">
            <th scope="col" className="px-3 py-2 text-left font-medium">Date</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">{BENCHMARK}, scaled</th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((p) => (
            <tr key={p.date} className="border-t border-border/60">
              <td className="px-3 py-1.5">{formatDate(p.date)}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{p.benchmarkText ? formatMoney(p.benchmarkText) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
