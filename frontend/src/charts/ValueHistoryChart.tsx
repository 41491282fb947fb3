/**
 * The value history chart (Recharts, loaded lazily with the chart chunk). Recharts draws SVG
 * with React, follows the theme's CSS variables, and its accessibility layer gives keyboard
 * navigation of the points with the tooltip; the table view is the text alternative. Daily
 * points are thinned to at most 600 for drawing (the table keeps every day).
 */
import { useMemo } from "react";
import { Area, ComposedChart, CartesianGrid, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatMoney } from "@/lib/format";
import { type HistoryPoint, SERIES, thin } from "./series";

export default function ValueHistoryChart({ points, benchmarkLabel }: { points: HistoryPoint[]; benchmarkLabel: string | null }) {
  const data = useMemo(() => thin(points), [points]);
  const names: Record<string, string> = {
    value: SERIES.value.label,
    contributions: SERIES.contributions.label,
    benchmark: benchmarkLabel ?? SERIES.benchmark.label,
  };
  const first = data[0];
  const last = data.at(-1);
  return (
    <div className="h-64 w-full">
      <p className="sr-only">
        Line chart of your value, your net contributions{benchmarkLabel ? ` and the ${benchmarkLabel}` : ""} from{" "}
        {first ? formatDate(first.date) : ""} to {last ? formatDate(last.date) : ""}. Use View as table for every day's numbers.
      </p>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
          <defs>
            <linearGradient id="value-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={SERIES.value.color} stopOpacity={0.22} />
              <stop offset="100%" stopColor={SERIES.value.color} stopOpacity={0} />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="date"
            tickFormatter={(d: string) => formatDate(d, "short")}
            minTickGap={48}
            tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
            axisLine={{ stroke: "var(--border)" }}
            tickLine={false}
          />
          <YAxis
            width={64}
            domain={["auto", "auto"]}
            tickFormatter={(v: number) => formatMoney(String(Math.round(v)), { compact: true })}
            tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
            axisLine={false}
            tickLine={false}
          />
          <Tooltip
            contentStyle={{ background: "var(--card)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--foreground)" }}
            labelFormatter={(d) => formatDate(String(d))}
            formatter={(v, name) => [formatMoney(Number(v).toFixed(2)), names[String(name)] ?? String(name)]}
          />
          <Area
            type="monotone"
            dataKey={SERIES.value.key}
            name={SERIES.value.key}
            stroke={SERIES.value.color}
            strokeWidth={2}
            fill="url(#value-fill)"
            isAnimationActive={false}
            dot={false}
          />
          <Line
            type="stepAfter"
            dataKey={SERIES.contributions.key}
            name={SERIES.contributions.key}
            stroke={SERIES.contributions.color}
            strokeWidth={2}
            strokeDasharray={SERIES.contributions.dash}
            dot={false}
            isAnimationActive={false}
          />
          {benchmarkLabel && (
            <Line
              type="monotone"
              dataKey={SERIES.benchmark.key}
              name={SERIES.benchmark.key}
              stroke={SERIES.benchmark.color}
              strokeWidth={2}
              strokeDasharray={SERIES.benchmark.dash}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
