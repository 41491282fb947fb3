import { describe, expect, it, vi } from "vitest";
import { PriceAnnouncer } from "./announcer";
import type { LiveQuote } from "./store";

const quote = (symbol: string, price: string, changePercent: string): LiveQuote => ({
  symbol,
  price,
  change: "0",
  changePercent,
  asOf: "2026-01-02T15:00:00Z",
  tick: "up",
  receivedAt: 0,
});

describe("PriceAnnouncer", () => {
  it("announces at most once per interval, summarising what moved", () => {
    vi.useFakeTimers();
    let now = 0;
    const said: string[] = [];
    const announcer = new PriceAnnouncer((t) => said.push(t), 30_000, () => now);
    announcer.push(quote("VTI", "327.5", "0.1223"));
    expect(said).toEqual(["Prices updated: VTI $327.50, up 0.12% today."]);
    announcer.push(quote("BND", "74.1", "-0.4032"));
    announcer.push(quote("VXUS", "73.2", "0"));
    expect(said).toHaveLength(1);
    now = 30_000;
    vi.advanceTimersByTime(30_000);
    expect(said[1]).toBe("Prices updated: BND $74.10, down 0.40% today; VXUS $73.20, unchanged 0.00% today.");
    announcer.dispose();
    vi.useRealTimers();
  });
});
