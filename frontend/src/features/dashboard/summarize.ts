import { type Decimal, ZERO, add, compare, dec, div, mul, round, sum } from "@/lib/decimal";
import type { LiveQuote } from "@/live/store";
import type { Account } from "@/features/accounts/api";
import type { LivePosition } from "@/features/holdings/valuation";
import type { DayChange } from "@/features/market/dayChanges";
import { percentPointsToRatio } from "@/lib/decimal";

export interface Slice {
  key: string;
  value: Decimal;
  weight: Decimal;
}

export function groupBy(positions: readonly LivePosition[], keyOf: (p: LivePosition) => string): Slice[] {
  const totals = new Map<string, Decimal>();
  for (const p of positions) {
    if (!p.marketValue) continue;
    const key = keyOf(p);
    totals.set(key, add(totals.get(key) ?? ZERO, p.marketValue));
  }
  const total = sum(totals.values());
  return [...totals.entries()]
    .map(([key, value]) => ({ key, value, weight: div(value, total, 8) ?? ZERO }))
    .sort((a, b) => compare(b.value, a.value));
}

export function accountTypeOf(accounts: readonly Account[] | undefined) {
  const types = new Map((accounts ?? []).map((a) => [a.name, a.type as string]));
  return (p: LivePosition) => types.get(p.holding.account) ?? "other";
}

export interface Mover {
  symbol: string;
  name: string;
  price: Decimal;
  changeRatio: Decimal;
  /** The household's gain or loss from the move: shares held × change per share. */
  impact: Decimal;
  live: boolean;
}

/** Symbols ranked by the size of their move today (live quote, else the last close). */
export function topMovers(
  positions: readonly LivePosition[],
  quotes: ReadonlyMap<string, LiveQuote>,
  dayChanges: ReadonlyMap<string, DayChange>,
  limit = 5,
): Mover[] {
  const shares = new Map<string, { quantity: Decimal; name: string }>();
  for (const p of positions) {
    if (p.holding.asset_class === "cash") continue;
    const entry = shares.get(p.holding.symbol);
    shares.set(p.holding.symbol, {
      quantity: add(entry?.quantity ?? ZERO, dec(p.holding.quantity)),
      name: p.holding.name,
    });
  }
  const movers: Mover[] = [];
  for (const [symbol, { quantity, name }] of shares) {
    const quote = quotes.get(symbol);
    const day = dayChanges.get(symbol);
    if (quote) {
      movers.push({
        symbol,
        name,
        price: dec(quote.price),
        changeRatio: percentPointsToRatio(quote.changePercent),
        impact: round(mul(quantity, dec(quote.change)), 2),
        live: true,
      });
    } else if (day?.changeRatio) {
      movers.push({
        symbol,
        name,
        price: day.close,
        changeRatio: day.changeRatio,
        impact: round(mul(quantity, day.change), 2),
        live: false,
      });
    }
  }
  const magnitude = (d: Decimal) => (d.coefficient < 0n ? { ...d, coefficient: -d.coefficient } : d);
  return movers.sort((a, b) => compare(magnitude(b.changeRatio), magnitude(a.changeRatio))).slice(0, limit);
}

/** The household's change on the latest day, from per-symbol day changes (no live data). */
export function historicalDayChange(positions: readonly LivePosition[], dayChanges: ReadonlyMap<string, DayChange>): Decimal | null {
  let total: Decimal | null = null;
  for (const p of positions) {
    const day = dayChanges.get(p.holding.symbol);
    if (!day) continue;
    total = add(total ?? ZERO, round(mul(dec(p.holding.quantity), day.change), 2));
  }
  return total;
}
