import { type Decimal, ZERO, add, compare, div, sum } from "@/lib/decimal";
import type { Account } from "@/features/accounts/api";
import type { LivePosition } from "@/features/holdings/valuation";

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
  /** Today's change in price as a ratio (0.0123 is 1.23 %). */
  changeRatio: Decimal;
  /** The household's gain or loss from the move, over every account holding the symbol. */
  impact: Decimal;
  live: boolean;
}

/**
 * Symbols ranked by the size of their move today: the live quote's change when there is
 * one, else the server's change from the previous close (`previous_close`, `day_change`).
 */
export function topMovers(positions: readonly LivePosition[], limit = 5): Mover[] {
  const bySymbol = new Map<string, Mover>();
  for (const p of positions) {
    if (p.holding.asset_class === "cash" || !p.price || !p.dayChangeRatio || !p.dayChange) continue;
    const seen = bySymbol.get(p.holding.symbol);
    if (seen) {
      seen.impact = add(seen.impact, p.dayChange);
      continue;
    }
    bySymbol.set(p.holding.symbol, {
      symbol: p.holding.symbol,
      name: p.holding.name,
      price: p.price,
      changeRatio: p.dayChangeRatio,
      impact: p.dayChange,
      live: Boolean(p.quote),
    });
  }
  const magnitude = (d: Decimal) => (d.coefficient < 0n ? { ...d, coefficient: -d.coefficient } : d);
  return [...bySymbol.values()].sort((a, b) => compare(magnitude(b.changeRatio), magnitude(a.changeRatio))).slice(0, limit);
}
