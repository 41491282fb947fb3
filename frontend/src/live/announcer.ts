/**
 * Polite, rate-limited announcements of price changes for screen readers: at most one
 * message every `intervalMs`, summarising the symbols that moved since the last one.
 */
import { parseDecimal, sign } from "@/lib/decimal";
import { formatPercent, formatPrice } from "@/lib/format";
import type { LiveQuote } from "./store";

export class PriceAnnouncer {
  private pending = new Map<string, LiveQuote>();
  private lastAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly say: (text: string) => void,
    private readonly intervalMs = 30_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  push(quote: LiveQuote): void {
    this.pending.set(quote.symbol, quote);
    const wait = this.lastAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.size) return;
    const quotes = [...this.pending.values()];
    this.pending.clear();
    this.lastAt = this.now();
    const shown = quotes.slice(0, 3).map(describeQuote);
    const more = quotes.length > 3 ? ` and ${quotes.length - 3} more` : "";
    this.say(`Prices updated: ${shown.join("; ")}${more}.`);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

export function describeQuote(quote: LiveQuote): string {
  const points = parseDecimal(quote.changePercent);
  const ratio = { coefficient: points.coefficient < 0n ? -points.coefficient : points.coefficient, scale: points.scale + 2 };
  const pct = formatPercent(ratio, { digits: 2 });
  const s = sign(points);
  const direction = s < 0 ? "down" : s === 0 ? "unchanged" : "up";
  return `${quote.symbol} ${formatPrice(quote.price)}, ${direction} ${pct} today`;
}
