/**
 * Positions revalued at live prices, exactly: market value = quantity × live price rounded
 * to cents, gain = value − basis, today's change = quantity × the quote's change from the
 * previous close. With no live quote a position keeps the server's values (including its
 * `day_change` against `previous_close`).
 */
import { type Decimal, ZERO, compare, dec, div, mul, percentPointsToRatio, round, sub, sum } from "@/lib/decimal";
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
  /** Today's change in value: quantity × the live quote's change, else the server's. */
  dayChange: Decimal | null;
  /** Today's change in price as a ratio (0.0123 is 1.23 %), live or from the previous close. */
  dayChangeRatio: Decimal | null;
  quote: LiveQuote | undefined;
}

export interface LiveTotals {
  value: Decimal;
  costBasis: Decimal;
  gain: Decimal;
  /** Today's change: live when any quote is, else the server's total. */
  dayChange: Decimal | null;
  /** Today's change as a ratio of the value at the previous close. */
  dayChangeRatio: Decimal | null;
}

export function positionKey(h: Pick<Holding, "account" | "symbol">): string {
  return `${h.account}\u0000${h.symbol}`;
}

export interface ServerTotals {
  value: string;
  costBasis: string;
  dayChange?: string | null;
  dayChangePercent?: string | null;
}

/** The server's totals from a holdings answer. */
export function serverTotals(h: {
  total_value: string;
  total_cost_basis: string;
  day_change: string;
  day_change_percent: string | null;
}): ServerTotals {
  return { value: h.total_value, costBasis: h.total_cost_basis, dayChange: h.day_change, dayChangePercent: h.day_change_percent };
}

function priceRatio(holding: Holding, quote: LiveQuote | undefined): Decimal | null {
  if (quote) return percentPointsToRatio(quote.changePercent);
  if (holding.price == null || holding.previous_close == null) return null;
  const before = dec(holding.previous_close);
  return compare(before, ZERO) === 0 ? null : div(sub(dec(holding.price), before), before, 8);
}

export function valuePositions(
  holdings: readonly Holding[],
  quotes: ReadonlyMap<string, LiveQuote>,
  server?: ServerTotals,
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
    const dayChange = quote
      ? round(mul(quantity, dec(quote.change)), 2)
      : holding.day_change != null
        ? dec(holding.day_change)
        : null;
    const dayChangeRatio = priceRatio(holding, quote);
    return { key: positionKey(holding), holding, price, marketValue, costBasis, gain, gainRatio, dayChange, dayChangeRatio, quote };
  });
  // With no live quote the server's totals stand (rounded once, not per position).
  const anyLive = rows.some((r) => r.quote);
  const value = server && !anyLive ? dec(server.value) : sum(rows.map((r) => r.marketValue ?? ZERO));
  const costBasis = server ? dec(server.costBasis) : sum(rows.map((r) => r.costBasis));
  const positions: LivePosition[] = rows.map((r) => ({
    ...r,
    weight: r.marketValue && compare(value, ZERO) !== 0 ? div(r.marketValue, value, 8) : null,
  }));
  let dayChange: Decimal | null;
  let dayChangeRatio: Decimal | null;
  if (server?.dayChange != null && !anyLive) {
    dayChange = dec(server.dayChange);
    dayChangeRatio = server.dayChangePercent != null ? dec(server.dayChangePercent) : null;
  } else {
    const changes = rows.filter((r) => r.dayChange !== null);
    dayChange = changes.length ? sum(changes.map((r) => r.dayChange ?? ZERO)) : null;
    dayChangeRatio = dayChange ? div(dayChange, sub(value, dayChange), 8) : null;
  }
  return {
    positions,
    totals: { value, costBasis, gain: sub(value, costBasis), dayChange, dayChangeRatio },
  };
}
