/**
 * Positions revalued at live prices, exactly: market value = quantity × live price rounded
 * to cents, gain = value − basis. With no live quote a position keeps the server's values.
 */
import { type Decimal, ZERO, add, compare, dec, div, mul, round, sub, sum } from "@/lib/decimal";
import type { LiveQuote } from "@/live/store";
import type { Holding } from "./api";

export interface LivePosition {
  key: string;
  holding: Holding;
  price: Decimal | null;
  marketValue: Decimal | null;
  costBasis: Decimal;
  gain: Decimal | null;
  gainRatio: Decimal | null;
  weight: Decimal | null;
  /** quantity × today's change in price, when a live quote says it. */
  dayChange: Decimal | null;
  quote: LiveQuote | undefined;
}

export interface LiveTotals {
  value: Decimal;
  costBasis: Decimal;
  gain: Decimal;
  dayChange: Decimal | null;
}

export function positionKey(h: Pick<Holding, "account" | "symbol">): string {
  return `${h.account}\u0000${h.symbol}`;
}

export function valuePositions(
  holdings: readonly Holding[],
  quotes: ReadonlyMap<string, LiveQuote>,
  serverTotals?: { value: string; costBasis: string },
): { positions: LivePosition[]; totals: LiveTotals } {
  const rows = holdings.map((holding) => {
    const quote = quotes.get(holding.symbol);
    const quantity = dec(holding.quantity);
    const costBasis = dec(holding.cost_basis);
    const price = quote ? dec(quote.price) : holding.price != null ? dec(holding.price) : null;
    const marketValue = quote
      ? round(mul(quantity, dec(quote.price)), 2)
      : holding.market_value != null
        ? dec(holding.market_value)
        : null;
    const gain = marketValue ? sub(marketValue, costBasis) : null;
    const gainRatio = gain && compare(costBasis, ZERO) !== 0 ? div(gain, costBasis, 8) : null;
    const dayChange = quote ? round(mul(quantity, dec(quote.change)), 2) : null;
    return { key: positionKey(holding), holding, price, marketValue, costBasis, gain, gainRatio, dayChange, quote };
  });
  // With no live quote the server's totals stand (rounded once, not per position).
  const anyLive = rows.some((r) => r.quote);
  const value = serverTotals && !anyLive ? dec(serverTotals.value) : sum(rows.map((r) => r.marketValue ?? ZERO));
  const costBasis = serverTotals ? dec(serverTotals.costBasis) : sum(rows.map((r) => r.costBasis));
  const changes = rows.filter((r) => r.dayChange !== null);
  const positions: LivePosition[] = rows.map((r) => ({
    ...r,
    weight: r.marketValue && compare(value, ZERO) !== 0 ? div(r.marketValue, value, 8) : null,
  }));
  return {
    positions,
    totals: {
      value,
      costBasis,
      gain: sub(value, costBasis),
      dayChange: changes.length ? sum(changes.map((r) => r.dayChange ?? ZERO)) : null,
    },
  };
}

/** Is a lot long-term on `asOf`? Held more than one year (IRS Pub. 550): the day after the anniversary. */
export function isLongTerm(acquiredIso: string, asOfIso: string): boolean {
  const [y, m, d] = acquiredIso.slice(0, 10).split("-").map(Number) as [number, number, number];
  const anniversary = new Date(Date.UTC(y + 1, m - 1, d));
  // 29 February acquisitions: the anniversary is 28 February (JS rolls to 1 March).
  if (m === 2 && d === 29 && anniversary.getUTCMonth() === 2) anniversary.setUTCDate(0);
  return new Date(`${asOfIso.slice(0, 10)}T00:00:00Z`).getTime() > anniversary.getTime();
}

export function addDecimals(values: (Decimal | null)[]): Decimal {
  return values.reduce<Decimal>((acc, v) => (v ? add(acc, v) : acc), ZERO);
}
