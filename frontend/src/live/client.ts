/**
 * The live connection to /api/v1/ws: quotes and portfolio values pushed by the server.
 *
 * Reconnects with exponential backoff and full jitter (0.5 s doubling to 30 s), resets the
 * backoff after a connection that stayed open, re-subscribes after every reconnect, treats
 * a silent socket (no message, not even a heartbeat, for `staleAfterMs`) as dead, and waits
 * for the browser to come back online instead of retrying while offline.
 *
 * Quiet when there is nothing to connect to: a handshake that fails (the browser logs each
 * one) is followed by a check of the session (`checkSession`, GET /api/v1/vault/status)
 * before any retry. Signed out → `onAuthLost` and stop. Server unreachable → the usual
 * backoff. Server up and signed in → the server has no live endpoint (or a proxy drops the
 * upgrade): "unavailable", retried rarely (1 min doubling to 10 min). A close with 4401 (not
 * signed in) stops; 1013 (live quotes are off on the server) is "unavailable" as well.
 */

export type ConnectionState = "idle" | "connecting" | "open" | "reconnecting" | "offline" | "unavailable";

/** What the session check found after a failed handshake. */
export type SessionCheck = "signed-in" | "signed-out" | "unreachable";

/** Close codes the server uses (see backend live/router.py). */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_TRY_AGAIN_LATER = 1013;

export interface QuoteMessage {
  type: "quote";
  symbol: string;
  price: string;
  change: string;
  change_percent: string;
  as_of: string;
}

export interface PortfolioMessage {
  type: "portfolio";
  total_value: string;
  day_change: string;
  as_of: string;
}

export type ServerMessage =
  | QuoteMessage
  | PortfolioMessage
  | { type: "heartbeat" }
  | { type: "error"; detail: string };

export interface LiveHandlers {
  onQuote(message: QuoteMessage): void;
  onPortfolio(message: PortfolioMessage): void;
  onState(state: ConnectionState, detail?: string): void;
  onError?(detail: string): void;
  /** The server said the session is over (4401, or the session check after a failure). */
  onAuthLost?(): void;
}

export interface LiveOptions {
  url: string;
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
  now?: () => number;
  minDelayMs?: number;
  maxDelayMs?: number;
  staleAfterMs?: number;
  /** Asked after a handshake fails; without it every failure is simply retried. */
  checkSession?: () => Promise<SessionCheck>;
  /** First re-probe of an unavailable endpoint; doubles up to `unavailableMaxMs`. */
  unavailableRetryMs?: number;
  unavailableMaxMs?: number;
}

export function backoffDelay(
  attempt: number,
  random: () => number,
  minDelayMs = 500,
  maxDelayMs = 30_000,
): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** attempt);
  return Math.max(minDelayMs / 2, Math.round(random() * ceiling));
}

function isServerMessage(value: unknown): value is ServerMessage {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

export class LiveClient {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: unknown = null;
  private watchdog: unknown = null;
  private stopped = true;
  private readonly symbols = new Set<string>();
  private state: ConnectionState = "idle";
  private unavailableAttempt = 0;
  private readonly opts: Required<Omit<LiveOptions, "checkSession">> & Pick<LiveOptions, "checkSession">;

  constructor(
    private readonly handlers: LiveHandlers,
    options: LiveOptions,
  ) {
    this.opts = {
      WebSocketImpl: globalThis.WebSocket,
      random: Math.random,
      setTimer: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimer: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
      minDelayMs: 500,
      maxDelayMs: 30_000,
      staleAfterMs: 45_000,
      unavailableRetryMs: 60_000,
      unavailableMaxMs: 10 * 60_000,
      ...options,
    };
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
    this.clearWatchdog();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(1000, "stopped");
    }
    this.setState("idle");
  }

  /** The browser went offline or online (window events). */
  setOnline(online: boolean): void {
    if (this.stopped) return;
    if (!online) {
      this.clearRetry();
      this.setState("offline");
      this.socket?.close(4000, "offline");
    } else if (this.state === "offline" || this.state === "reconnecting" || this.state === "unavailable") {
      this.clearRetry();
      this.attempt = 0;
      this.connect();
    }
  }

  /** Watch exactly these symbols (a diff is sent). */
  watch(next: Iterable<string>): void {
    const wanted = new Set([...next].map((s) => s.toUpperCase()));
    const added = [...wanted].filter((s) => !this.symbols.has(s));
    const removed = [...this.symbols].filter((s) => !wanted.has(s));
    this.symbols.clear();
    for (const s of wanted) this.symbols.add(s);
    if (removed.length) this.send({ type: "unsubscribe", symbols: removed });
    if (added.length) this.send({ type: "subscribe", symbols: added });
  }

  private send(message: object): void {
    if (this.socket && this.socket.readyState === 1) this.socket.send(JSON.stringify(message));
  }

  private connect(): void {
    if (this.stopped) return;
    if (this.state !== "unavailable") this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let socket: WebSocket;
    try {
      socket = new this.opts.WebSocketImpl(this.opts.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    let openedAt = 0;
    socket.onopen = () => {
      openedAt = this.opts.now();
      this.setState("open");
      if (this.symbols.size) this.send({ type: "subscribe", symbols: [...this.symbols] });
      this.armWatchdog();
    };
    socket.onmessage = (event: MessageEvent) => {
      this.armWatchdog();
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (!isServerMessage(parsed)) return;
      if (parsed.type === "quote") this.handlers.onQuote(parsed);
      else if (parsed.type === "portfolio") this.handlers.onPortfolio(parsed);
      else if (parsed.type === "error") this.handlers.onError?.(parsed.detail);
    };
    socket.onclose = (event?: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearWatchdog();
      if (openedAt) this.unavailableAttempt = 0;
      // A connection that stayed up a while earns a fresh backoff.
      if (openedAt && this.opts.now() - openedAt > 10_000) this.attempt = 0;
      if (this.state === "offline" || this.stopped) return;
      const code = event?.code ?? 1006;
      if (code === CLOSE_UNAUTHORIZED) this.authLost();
      else if (code === CLOSE_TRY_AGAIN_LATER) this.unavailable("live quotes are off on the server");
      else if (!openedAt && this.opts.checkSession) this.afterFailedHandshake(this.opts.checkSession);
      else this.scheduleRetry();
    };
    socket.onerror = () => {
      // onclose follows and decides what to do.
    };
  }

  private afterFailedHandshake(check: () => Promise<SessionCheck>): void {
    // While "unavailable", a failed probe stays quietly unavailable (no "Reconnecting…").
    if (this.state !== "unavailable") this.setState("reconnecting");
    const waiting = () => !this.stopped && !this.socket && this.retryTimer === null;
    check().then(
      (session) => {
        if (!waiting()) return;
        if (session === "signed-out") this.authLost();
        else if (session === "signed-in") this.unavailable("the server has no live endpoint");
        else this.scheduleRetry();
      },
      () => {
        if (waiting()) this.scheduleRetry();
      },
    );
  }

  private authLost(): void {
    this.handlers.onAuthLost?.();
    this.stop();
  }

  private unavailable(detail: string): void {
    this.clearRetry();
    const delay = Math.min(this.opts.unavailableMaxMs, this.opts.unavailableRetryMs * 2 ** this.unavailableAttempt);
    this.unavailableAttempt += 1;
    this.attempt = 0;
    if (this.state !== "unavailable") {
      this.state = "unavailable";
      this.handlers.onState("unavailable", detail);
    }
    this.retryTimer = this.opts.setTimer(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.clearRetry();
    const delay = backoffDelay(this.attempt, this.opts.random, this.opts.minDelayMs, this.opts.maxDelayMs);
    this.attempt += 1;
    this.setState("reconnecting");
    this.retryTimer = this.opts.setTimer(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private armWatchdog(): void {
    this.clearWatchdog();
    this.watchdog = this.opts.setTimer(() => {
      this.socket?.close(4001, "silent");
    }, this.opts.staleAfterMs);
  }

  private clearWatchdog(): void {
    if (this.watchdog !== null) this.opts.clearTimer(this.watchdog);
    this.watchdog = null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.opts.clearTimer(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.handlers.onState(state);
  }
}

export function liveUrl(location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/ws`;
}
