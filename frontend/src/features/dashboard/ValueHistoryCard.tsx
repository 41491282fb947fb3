import { Suspense, lazy, memo, useMemo, useState } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Change } from "@/components/ui/change";
import { Segmented } from "@/components/ui/segmented";
import { Loading, Skeleton } from "@/components/ui/skeleton";
import { BENCHMARK, type ValuePoint, isoDaysBefore, useValueHistory } from "@/features/performance/api";
import { type Decimal, dec, sub } from "@/lib/decimal";
import { formatDate, formatInteger, formatMoney } from "@/lib/format";
import { useInView } from "@/lib/useInView";
import { SERIES, type HistoryPoint } from "@/charts/series";

const ValueHistoryChart = lazy(() => import("@/charts/ValueHistoryChart"));

const RANGES = [
  { value: "3m", label: "3M", days: 91, description: "Last 3 months" },
  { value: "1y", label: "1Y", days: 365, description: "Last year" },
  { value: "3y", label: "3Y", days: 3 * 365, description: "Last 3 years" },
  { value: "5y", label: "5Y", days: 5 * 365, description: "Last 5 years" },
  { value: "max", label: "Max", days: 0, description: "Everything recorded" },
] as const;
type Range = (typeof RANGES)[number]["value"];

const PAGE_SIZE = 20;

/** The points of a range, ending at the newest point (the prices' as-of date). */
function inRange(points: readonly ValuePoint[], range: Range): ValuePoint[] {
  const days = RANGES.find((r) => r.value === range)?.days ?? 0;
  const last = points.at(-1);
  if (!days || !last) return [...points];
  const start = isoDaysBefore(last.date, days);
  return points.filter((p) => p.date >= start);
}

function toChart(point: ValuePoint): HistoryPoint {
  return {
    date: point.date,
    value: Number(point.value),
    contributions: Number(point.net_contributions),
    benchmark: point.benchmark_value == null ? null : Number(point.benchmark_value),
  };
}

/**
 * The household's value over time with its net contributions and the benchmark (the same
 * contributions invested in VTI's total return on the days they were made), from
 * `GET /api/v1/performance/history`. Below the fold: nothing is fetched or drawn until the
 * card comes near the screen; the chart library is its own chunk. Live quotes do not redraw it
 * (memo: it depends on nothing the parent re-renders for).
 */
export const ValueHistoryCard = memo(function ValueHistoryCard({ className }: { className?: string }) {
  const [range, setRange] = useState<Range>("1y");
  const [asTable, setAsTable] = useState(false);
  const [area, inView] = useInView<HTMLDivElement>("200px");
  const history = useValueHistory(inView);

  const all = history.data?.points;
  const points = useMemo(() => (all ? inRange(all, range) : []), [all, range]);
  const chartPoints = useMemo(() => points.map(toChart), [points]);
  const first = points[0];
  const last = points.at(-1);
  const benchmark = history.data?.benchmark ?? null;
  const benchmarkLabel = benchmark ? `${benchmark} benchmark` : null;

  // Over the range: the change in value, and the part of it that is not new money.
  let market: Decimal | null = null;
  if (first && last && first !== last) {
    market = sub(sub(dec(last.value), dec(first.value)), sub(dec(last.net_contributions), dec(first.net_contributions)));
  }

  return (
    <Card className={className}>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>Value history</CardTitle>
          <CardDescription>
            {history.data ? history.data.benchmark_note : `Your value and net contributions, against ${BENCHMARK}`}
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Segmented label="Period" value={range} onChange={setRange} options={RANGES} />
          <Button variant="outline" size="sm" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? "View as chart" : "View as table"}
          </Button>
        </div>
      </CardHeader>
      <CardContent className="grid gap-3" ref={area}>
        {history.isError ? (
          <ErrorAlert title="The value history could not be loaded" error={history.error} onRetry={() => void history.refetch()} />
        ) : !history.data ? (
          // Not asked for until the card is near the screen: only then is it "loading".
          inView ? (
            <Loading label="Loading the value history">
              <Skeleton className="h-64" />
            </Loading>
          ) : (
            <Skeleton className="h-64" />
          )
        ) : points.length < 2 || !first || !last ? (
          <p className="text-sm text-muted-foreground">Not enough history for this period yet.</p>
        ) : (
          <>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
              <Figure term="Value" swatch={SERIES.value}>
                {formatMoney(last.value, { whole: true })}
              </Figure>
              <Figure term="Net contributions" swatch={SERIES.contributions}>
                {formatMoney(last.net_contributions, { whole: true })}
              </Figure>
              {benchmarkLabel && (
                <Figure term={benchmarkLabel} swatch={SERIES.benchmark}>
                  {last.benchmark_value != null ? formatMoney(last.benchmark_value, { whole: true }) : "—"}
                </Figure>
              )}
              <Figure term={`Market gain since ${formatDate(first.date)}`}>
                <Change value={market} />
              </Figure>
            </dl>
            {asTable ? (
              <HistoryTable key={range} points={points} benchmarkLabel={benchmarkLabel} />
            ) : (
              <Suspense fallback={<Skeleton className="h-64" />}>
                <ValueHistoryChart points={chartPoints} benchmarkLabel={benchmarkLabel} />
              </Suspense>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
});

function Figure({ term, swatch, children }: { term: string; swatch?: { color: string; dash: string }; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="flex items-center gap-1.5 text-xs text-muted-foreground">
        {swatch && (
          <svg aria-hidden="true" width="18" height="6" className="shrink-0">
            <line x1="0" y1="3" x2="18" y2="3" stroke={swatch.color} strokeWidth="2.5" strokeDasharray={swatch.dash || undefined} />
          </svg>
        )}
        {term}
      </dt>
      <dd className="font-medium tabular-nums">{children}</dd>
    </div>
  );
}

/** Every day of the range, newest first, a page at a time. */
function HistoryTable({ points, benchmarkLabel }: { points: readonly ValuePoint[]; benchmarkLabel: string | null }) {
  const [page, setPage] = useState(0);
  const rows = useMemo(() => [...points].reverse(), [points]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const shown = rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const from = page * PAGE_SIZE + 1;
  const to = page * PAGE_SIZE + shown.length;
  return (
    <div className="grid gap-2">
      <div className="relative overflow-x-auto rounded-md border border-border" tabIndex={0} role="region" aria-label="Value history table">
        <table className="w-full text-sm">
          <caption className="sr-only">
            Value history, newest first: rows {formatInteger(from)} to {formatInteger(to)} of {formatInteger(rows.length)}
          </caption>
          <thead className="bg-muted/60">
            <tr className="text-xs text-muted-foreground">
              <th scope="col" className="px-3 py-2 text-left font-medium">Date</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Value</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Net contributions</th>
              {benchmarkLabel && <th scope="col" className="px-3 py-2 text-right font-medium">{benchmarkLabel}</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.date} className="border-t border-border/60">
                <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-normal">{formatDate(p.date)}</th>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatMoney(p.value)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatMoney(p.net_contributions)}</td>
                {benchmarkLabel && (
                  <td className="px-3 py-1.5 text-right tabular-nums">{p.benchmark_value != null ? formatMoney(p.benchmark_value) : "—"}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Value history pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-muted-foreground" aria-live="polite">
          Rows {formatInteger(from)}–{formatInteger(to)} of {formatInteger(rows.length)}
        </p>
        <div className="flex gap-2">
          <Button variant="outline" size="sm" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            Newer
          </Button>
          <Button variant="outline" size="sm" disabled={page >= pages - 1} onClick={() => setPage((p) => p + 1)}>
            Older
          </Button>
        </div>
      </nav>
    </div>
  );
}
