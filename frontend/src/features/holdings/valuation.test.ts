import { describe, expect, it } from "vitest";
import { toString } from "@/lib/decimal";
import type { LiveQuote } from "@/live/store";
import type { Holding } from "./api";
import { valuePositions } from "./valuation";

const holding = (over: Partial<Holding>): Holding => ({
  account: "Joint Brokerage",
  symbol: "VTI",
  name: "Vanguard Total Stock Market ETF",
  asset_class: "us_equity",
  quantity: "97.3829",
  price: "327.1",
  price_date: "2025-09-29",
  previous_close: "327.18",
  market_value: "31853.95",
  cost_basis: "21938.62",
  unrealized_gain: "9915.33",
  unrealized_gain_percent: "0.45",
  day_change: "-7.79",
  weight: "1",
  lots: null,
  ...over,
});

const server = { value: "31853.95", costBasis: "21938.62", dayChange: "-7.79", dayChangePercent: "-0.000244" };

describe("valuePositions", () => {
  it("keeps the server's values, and its day change, without a live quote", () => {
    const { positions, totals } = valuePositions([holding({})], new Map(), server);
    expect(toString(positions[0]!.marketValue!)).toBe("31853.95");
    expect(toString(positions[0]!.dayChange!)).toBe("-7.79");
    // (327.1 − 327.18) / 327.18
    expect(toString(positions[0]!.dayChangeRatio!)).toBe("-0.00024451");
    expect(toString(totals.value)).toBe("31853.95");
    expect(toString(totals.dayChange!)).toBe("-7.79");
    expect(toString(totals.dayChangeRatio!)).toBe("-0.000244");
  });

  it("has no day change for a position without a previous close", () => {
    const { positions } = valuePositions([holding({ previous_close: null, day_change: null })], new Map());
    expect(positions[0]!.dayChange).toBeNull();
    expect(positions[0]!.dayChangeRatio).toBeNull();
  });

  it("revalues exactly at a live price", () => {
    const quote: LiveQuote = {
      symbol: "VTI",
      price: "330.00",
      change: "2.90",
      changePercent: "0.8866",
      asOf: "2026-01-02T15:00:00Z",
      tick: "up",
      receivedAt: 1,
    };
    const { positions, totals } = valuePositions(
      [
        holding({}),
        holding({ symbol: "USD", asset_class: "cash", quantity: "100", price: "1", previous_close: "1", market_value: "100.00", cost_basis: "100.00", day_change: "0.00" }),
      ],
      new Map([["VTI", quote]]),
      { value: "31953.95", costBasis: "22038.62", dayChange: "-7.79", dayChangePercent: "-0.000244" },
    );
    const vti = positions[0]!;
    expect(toString(vti.marketValue!)).toBe("32136.36"); // 97.3829 × 330 = 32136.357
    expect(toString(vti.gain!)).toBe("10197.74");
    expect(toString(vti.dayChange!)).toBe("282.41"); // 97.3829 × 2.90 = 282.41041
    expect(toString(vti.dayChangeRatio!)).toBe("0.008866");
    expect(toString(totals.value)).toBe("32236.36");
    // Live: the positions' changes (cash 0.00), not the server's total.
    expect(toString(totals.dayChange!)).toBe("282.41");
    // 282.41 / (32236.36 − 282.41)
    expect(toString(totals.dayChangeRatio!)).toBe("0.00883803");
  });
});
