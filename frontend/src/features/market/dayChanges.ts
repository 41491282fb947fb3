/**
 * Each symbol's change on its latest trading day (close vs the close before), from the daily
 * history: the day's change until a live quote replaces it.
 */
import { type Decimal, dec, div, sub } from "@/lib/decimal";
import { isoDaysBefore, usePriceHistories } from "./api";

export interface DayChange {
  symbol: string;
  date: string;
  close: Decimal;
  change: Decimal;
  /** A ratio: 0.0123 is 1.23 %. */
  changeRatio: Decimal | null;
}

export function useDayChanges(symbols: readonly string[], asOf: string | null | undefined) {
  const end = asOf ?? undefined;
  const start = asOf ? isoDaysBefore(asOf, 10) : undefined;
  const results = usePriceHistories(asOf ? symbols : [], start, end);
  const changes = new Map<string, DayChange>();
  for (const result of results) {
    const history = result.data;
    if (!history) continue;
    const bars = history.prices.filter((p) => p.close != null);
    const last = bars.at(-1);
    const before = bars.at(-2);
    if (!last?.close || !before?.close) continue;
    const close = dec(last.close);
    const change = sub(close, dec(before.close));
    changes.set(history.symbol, {
      symbol: history.symbol,
      date: last.date,
      close,
      change,
      changeRatio: div(change, dec(before.close), 8),
    });
  }
  return {
    changes,
    isPending: results.some((r) => r.isPending),
    error: results.find((r) => r.error)?.error ?? null,
  };
}
