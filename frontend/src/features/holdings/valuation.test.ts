import { describe, expect, it } from "vitest";
import { toString } from "@/lib/decimal";
import type { LiveQuote } from "@/live/store";
import type { Holding } from "./api";
import { isLongTerm, valuePositions } from "./valuation";

const holding = (over: Partial<Holding>): Holding => ({
  account: "Joint Brokerage",
  symbol: "VTI",
  name: "Vanguard Total Stock Market ETF",
  asset_class: "us_equity",
  quantity: "97.3829",
  price: "327.1",
  price_date: "2025-09-29",
  market_value: "31853.95",
  cost_basis: "21938.62",
  unrealized_gain: "9915.33",
  unrealized_gain_percent: "0.45",
  weight: "1",
  lots: null,
  ...over,
});

describe("valuePositions", () => {
  it("keeps the server's values without a live quote", () => {
    const { positions, totals } = valuePositions([holding({})], new Map(), { value: "31853.95", costBasis: "21938.62" });
    expect(toString(positions[0]!.marketValue!)).toBe("31853.95");
    expect(toString(totals.value)).toBe("31853.95");
    expect(totals.dayChange).toBeNull();
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
      [holding({}), holding({ symbol: "USD", asset_class: "cash", quantity: "100", price: "1", market_value: "100.00", cost_basis: "100.00" })],
      new Map([["VTI", quote]]),
      { value: "31953.95", costBasis: "22038.62" },
    );
    const vti = positions[0]!;
    expect(toString(vti.marketValue!)).toBe("32136.36"); // 97.3829 × 330 = 32136.357
    expect(toString(vti.gain!)).toBe("10197.74");
    expect(toString(vti.dayChange!)).toBe("282.41"); // 97.3829 × 2.90 = 282.41041
    expect(toString(totals.value)).toBe("32236.36");
    expect(toString(totals.dayChange!)).toBe("282.41");
  });
});

describe("isLongTerm", () => {
  it("needs more than one year held", () => {
    expect(isLongTerm("2024-09-29", "2025-09-29")).toBe(false);
    expect(isLongTerm("2024-09-29", "2025-09-30")).toBe(true);
    expect(isLongTerm("2024-02-29", "2025-02-28")).toBe(false);
    expect(isLongTerm("2024-02-29", "2025-03-01")).toBe(true);
  });
});
