/**
 * The value history chart (Recharts, loaded lazily with the chart chunk). Recharts draws SVG
 * with React, follows the theme's CSS variables, and its accessibility layer gives keyboard
 * navigation of the points with the tooltip; the table view is the text alternative.
 */
import { Area, AreaChart, CartesianGrid, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatMoney } from "@/lib/format";

export interface HistoryPoint {
  date: string;
  value?: number | null;
  benchmark?: number | null;
  benchmarkText?: string;
}

const MAX_POINTS = 600;

/** Thin a long daily series for drawing (every n-th point, keeping the last). */
export function thin<T>(points: readonly T[], max = MAX_POINTS): T[] {
  if (points.length <= max) return [...points];
  const step = Math.ceil(points.length / max);
  return points.filter((_, i) => i % step === 0 || i === points.length - 1);
}

export default function ValueHistoryChart({ points, benchmarkLabel }: { points: HistoryPoint[]; benchmarkLabel: string }) {
  const data = thin(points);
  const hasValue = data.some((p) => p.value != null);
  return (
    <div className="h-64 w-full">
      <p className="sr-only">
        Line chart of {benchmarkLabel} from {formatDate(data[0]?.date ?? "")} to {formatDate(data.at(-1)?.date ?? "")}. Use
        View as table for the numbers.
      </p>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
          <defs>
            <linearGradient id="benchmark-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="var(--chart-1)" stopOpacity={0.25} />
              <stop offset="100%" stopColor="var(--chart-1)" stopOpacity={0} />
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
            formatter={(v, name) => [formatMoney(Number(v).toFixed(2)), name === "benchmark" ? benchmarkLabel : "Your value"]}
          />
          <Area
            type="monotone"
            dataKey="benchmark"
            name="benchmark"
            stroke="var(--chart-1)"
            strokeWidth={2}
            fill="url(#benchmark-fill)"
            isAnimationActive={false}
            dot={false}
          />
          {hasValue && (
            <Line type="monotone" dataKey="value" name="value" stroke="var(--chart-2)" strokeWidth={2} dot={false} isAnimationActive={false} />
          )}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
