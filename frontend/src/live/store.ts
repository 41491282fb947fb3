/**
 * The one small store for cross-cutting live data: quotes by symbol, the pushed portfolio
 * value and the connection state. Components read it through the hooks in ./hooks.
 *
 * Quotes arrive one message per symbol, several within a few milliseconds; they are applied
 * together at most every `batchMs` (100 ms), so a page re-renders once per burst, not once
 * per symbol.
 */
import type { ConnectionState, PortfolioMessage, QuoteMessage } from "./client";

export interface LiveQuote {
  symbol: string;
  price: string;
  change: string;
  changePercent: string;
  asOf: string;
  /** Direction of the last move, for the in-place highlight. */
  tick: "up" | "down" | "flat";
  receivedAt: number;
}

export interface LiveSnapshot {
  state: ConnectionState;
  quotes: ReadonlyMap<string, LiveQuote>;
  portfolio: PortfolioMessage | null;
  lastMessageAt: number | null;
}

type Listener = () => void;

export class LiveStore {
  private snapshot: LiveSnapshot = { state: "idle", quotes: new Map(), portfolio: null, lastMessageAt: null };
  private readonly listeners = new Set<Listener>();
  private readonly quoteListeners = new Set<(quote: LiveQuote) => void>();
  private pending = new Map<string, LiveQuote>();
  private pendingPortfolio: PortfolioMessage | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly batchMs = 100) {}

  getSnapshot = (): LiveSnapshot => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onQuote(listener: (quote: LiveQuote) => void): () => void {
    this.quoteListeners.add(listener);
    return () => this.quoteListeners.delete(listener);
  }

  setState(state: ConnectionState): void {
    if (state === this.snapshot.state) return;
    this.snapshot = { ...this.snapshot, state };
    this.emit();
  }

  putQuote(message: QuoteMessage, now = Date.now()): void {
    const previous = this.pending.get(message.symbol) ?? this.snapshot.quotes.get(message.symbol);
    const before = previous ? Number(previous.price) : NaN;
    const after = Number(message.price);
    const tick: LiveQuote["tick"] =
      Number.isNaN(before) || before === after ? (previous?.tick ?? "flat") : after > before ? "up" : "down";
    this.pending.set(message.symbol, {
      symbol: message.symbol,
      price: message.price,
      change: message.change,
      changePercent: message.change_percent,
      asOf: message.as_of,
      tick,
      receivedAt: now,
    });
    this.schedule();
  }

  putPortfolio(message: PortfolioMessage): void {
    this.pendingPortfolio = message;
    this.schedule();
  }

  /** Applies what has arrived since the last flush (tests call it directly). */
  flush(now = Date.now()): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.size && !this.pendingPortfolio) return;
    const arrived = [...this.pending.values()];
    const quotes = new Map(this.snapshot.quotes);
    for (const quote of arrived) quotes.set(quote.symbol, quote);
    this.snapshot = {
      ...this.snapshot,
      quotes,
      portfolio: this.pendingPortfolio ?? this.snapshot.portfolio,
      lastMessageAt: now,
    };
    this.pending = new Map();
    this.pendingPortfolio = null;
    this.emit();
    for (const quote of arrived) for (const listener of this.quoteListeners) listener(quote);
  }

  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = new Map();
    this.pendingPortfolio = null;
    this.snapshot = { state: this.snapshot.state, quotes: new Map(), portfolio: null, lastMessageAt: null };
    this.emit();
  }

  private schedule(): void {
    if (this.batchMs <= 0) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.batchMs);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export const liveStore = new LiveStore();
