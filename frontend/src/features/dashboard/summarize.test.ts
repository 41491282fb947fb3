import { describe, expect, it } from "vitest";
import type { Holding } from "@/features/holdings/api";
import { valuePositions } from "@/features/holdings/valuation";
import { toString } from "@/lib/decimal";
import type { LiveQuote } from "@/live/store";
import { topMovers } from "./summarize";

const holding = (over: Partial<Holding>): Holding => ({
  account: "Joint Brokerage",
  symbol: "VTI",
  name: "Vanguard Total Stock Market ETF",
  asset_class: "us_equity",
  quantity: "10",
  price: "100",
  price_date: "2025-09-29",
  previous_close: "99",
  market_value: "1000.00",
  cost_basis: "900.00",
  unrealized_gain: "100.00",
  unrealized_gain_percent: "0.11",
  day_change: "10.00",
  weight: null,
  lots: null,
  ...over,
});

describe("topMovers", () => {
  const holdings = [
    holding({}),
    holding({ account: "Sam Roth IRA", quantity: "5", market_value: "500.00", day_change: "5.00" }),
    holding({ symbol: "BND", name: "Bond", price: "74", previous_close: "75", quantity: "100", market_value: "7400.00", day_change: "-100.00" }),
    holding({ symbol: "USD", asset_class: "cash", price: "1", previous_close: "1", day_change: "0.00" }),
    holding({ symbol: "NEW", previous_close: null, day_change: null }),
  ];

  it("ranks by the size of the move from the previous close, summing the household's effect", () => {
    const { positions } = valuePositions(holdings, new Map());
    const movers = topMovers(positions);
    // BND −1.33 % outranks VTI +1.01 %; cash and a symbol with no previous close are left out.
    expect(movers.map((m) => m.symbol)).toEqual(["BND", "VTI"]);
    expect(toString(movers[1]!.impact)).toBe("15.00"); // two accounts: 10.00 + 5.00
    expect(movers.every((m) => !m.live)).toBe(true);
  });

  it("uses the live quote's change when there is one", () => {
    const quote: LiveQuote = {
      symbol: "VTI",
      price: "103.00",
      change: "4.00",
      changePercent: "4.0404",
      asOf: "2026-01-02T15:00:00Z",
      tick: "up",
      receivedAt: 1,
    };
    const { positions } = valuePositions(holdings, new Map([["VTI", quote]]));
    const [first] = topMovers(positions);
    expect(first?.symbol).toBe("VTI");
    expect(first?.live).toBe(true);
    expect(toString(first!.changeRatio)).toBe("0.040404");
    expect(toString(first!.impact)).toBe("60.00"); // 15 shares × $4.00
  });
});
