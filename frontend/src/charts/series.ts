/**
 * The value history's series: colour (theme variables) and dash pattern, shared by the chart
 * and the legend beside it so the lines are told apart by pattern as well as colour.
 */
export interface HistoryPoint {
  date: string;
  value: number;
  contributions: number;
  benchmark: number | null;
}

export const SERIES = {
  value: { key: "value", label: "Value", color: "var(--chart-1)", dash: "" },
  contributions: { key: "contributions", label: "Net contributions", color: "var(--chart-6)", dash: "5 4" },
  benchmark: { key: "benchmark", label: "Benchmark", color: "var(--chart-3)", dash: "10 3 2 3" },
} as const;

const MAX_POINTS = 600;

/** Thin a long daily series for drawing (every n-th point, always keeping the last). */
export function thin<T>(points: readonly T[], max = MAX_POINTS): T[] {
  if (points.length <= max) return [...points];
  const step = Math.ceil(points.length / max);
  return points.filter((_, i) => i % step === 0 || i === points.length - 1);
}
