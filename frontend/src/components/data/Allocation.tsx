import type { Slice } from "@/features/dashboard/summarize";
import { toNumber } from "@/lib/decimal";
import { formatMoney, formatPercent, label } from "@/lib/format";

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)", "var(--chart-6)", "var(--chart-7)", "var(--chart-8)"];

/**
 * Allocation as one stacked bar with its table: the table is the text alternative and the
 * legend at once, so no information is in colour alone.
 */
export function Allocation({ slices, caption }: { slices: readonly Slice[]; caption: string }) {
  return (
    <div className="grid gap-3">
      <div aria-hidden="true" className="flex h-3 w-full overflow-hidden rounded-full bg-muted">
        {slices.map((slice, i) => (
          <span
            key={slice.key}
            style={{ width: `${toNumber(slice.weight) * 100}%`, background: COLORS[i % COLORS.length] }}
            className="h-full first:rounded-l-full last:rounded-r-full"
          />
        ))}
      </div>
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Value</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {slices.map((slice, i) => (
            <tr key={slice.key} className="border-b border-border/60 last:border-0">
              <th scope="row" className="py-1.5 text-left font-normal">
                <span className="flex items-center gap-2">
                  <span aria-hidden="true" className="size-2.5 shrink-0 rounded-sm" style={{ background: COLORS[i % COLORS.length] }} />
                  {label(slice.key)}
                </span>
              </th>
              <td className="py-1.5 text-right tabular-nums text-muted-foreground">{formatMoney(slice.value, { whole: true })}</td>
              <td className="w-16 py-1.5 text-right font-medium tabular-nums">{formatPercent(slice.weight, { digits: 1 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
