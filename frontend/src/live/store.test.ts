import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveStore } from "./store";

const quote = (symbol: string, price: string) => ({
  type: "quote" as const,
  symbol,
  price,
  change: "0.10",
  change_percent: "0.03",
  as_of: "2026-01-02T15:00:00Z",
});

describe("LiveStore", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("applies a burst of quotes (and the portfolio value) in one update", () => {
    const store = new LiveStore(100);
    const renders: number[] = [];
    const heard: string[] = [];
    store.subscribe(() => renders.push(store.getSnapshot().quotes.size));
    store.onQuote((q) => heard.push(q.symbol));
    store.putQuote(quote("VTI", "327.50"));
    store.putQuote(quote("BND", "74.10"));
    store.putPortfolio({ type: "portfolio", total_value: "1.00", day_change: "0.10", as_of: "2026-01-02T15:00:00Z" });
    expect(renders).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(renders).toEqual([2]);
    expect(heard).toEqual(["VTI", "BND"]);
    expect(store.getSnapshot().portfolio?.total_value).toBe("1.00");
  });

  it("marks the direction of each move", () => {
    const store = new LiveStore(0);
    store.putQuote(quote("VTI", "327.50"));
    store.putQuote(quote("VTI", "327.40"));
    expect(store.getSnapshot().quotes.get("VTI")?.tick).toBe("down");
    store.putQuote(quote("VTI", "327.40"));
    expect(store.getSnapshot().quotes.get("VTI")?.tick).toBe("down");
    store.putQuote(quote("VTI", "327.60"));
    expect(store.getSnapshot().quotes.get("VTI")?.tick).toBe("up");
  });
});
