/**
 * The one small store for cross-cutting live data: quotes by symbol, the pushed portfolio
 * value and the connection state. Components read it through the hooks in ./hooks.
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
    const previous = this.snapshot.quotes.get(message.symbol);
    const before = previous ? Number(previous.price) : NaN;
    const after = Number(message.price);
    const tick: LiveQuote["tick"] =
      Number.isNaN(before) || before === after ? (previous?.tick ?? "flat") : after > before ? "up" : "down";
    const quote: LiveQuote = {
      symbol: message.symbol,
      price: message.price,
      change: message.change,
      changePercent: message.change_percent,
      asOf: message.as_of,
      tick,
      receivedAt: now,
    };
    const quotes = new Map(this.snapshot.quotes);
    quotes.set(message.symbol, quote);
    this.snapshot = { ...this.snapshot, quotes, lastMessageAt: now };
    this.emit();
    for (const listener of this.quoteListeners) listener(quote);
  }

  putPortfolio(message: PortfolioMessage, now = Date.now()): void {
    this.snapshot = { ...this.snapshot, portfolio: message, lastMessageAt: now };
    this.emit();
  }

  reset(): void {
    this.snapshot = { state: this.snapshot.state, quotes: new Map(), portfolio: null, lastMessageAt: null };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export const liveStore = new LiveStore();
