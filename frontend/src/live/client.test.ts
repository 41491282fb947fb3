import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ConnectionState, LiveClient, type LiveOptions, type SessionCheck, backoffDelay } from "./client";

class FakeSocket {
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code = 1005) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  /** The handshake failed (e.g. HTTP 403/404): the browser reports error, then close 1006. */
  fail() {
    this.readyState = 3;
    this.onerror?.();
    this.onclose?.({ code: 1006 });
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  push(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function makeClient(options: Partial<LiveOptions> = {}) {
  const states: ConnectionState[] = [];
  const quotes: unknown[] = [];
  const portfolios: unknown[] = [];
  const authLost: number[] = [];
  const client = new LiveClient(
    {
      onQuote: (q) => quotes.push(q),
      onPortfolio: (p) => portfolios.push(p),
      onState: (s) => states.push(s),
      onAuthLost: () => authLost.push(1),
    },
    { url: "ws://test/api/v1/ws", WebSocketImpl: FakeSocket as unknown as typeof WebSocket, random: () => 1, ...options },
  );
  return { client, states, quotes, portfolios, authLost };
}

/** Lets the session check's promise settle. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("LiveClient", () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("backs off exponentially with a cap", () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, () => 1))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect(backoffDelay(3, () => 0)).toBe(250);
  });

  it("subscribes on open and forwards quotes and portfolio values", () => {
    const { client, states, quotes, portfolios } = makeClient();
    client.watch(["vti", "BND"]);
    client.start();
    const socket = FakeSocket.instances[0]!;
    socket.open();
    expect(states).toEqual(["connecting", "open"]);
    expect(socket.sent).toEqual([{ type: "subscribe", symbols: ["VTI", "BND"] }]);
    socket.push({ type: "quote", symbol: "VTI", price: "327.50", change: "0.40", change_percent: "0.1223", as_of: "2026-01-02T15:00:00Z" });
    socket.push({ type: "portfolio", total_value: "248100.00", day_change: "12.00", as_of: "2026-01-02T15:00:00Z" });
    socket.push({ type: "heartbeat" });
    expect(quotes).toHaveLength(1);
    expect(portfolios).toHaveLength(1);

    client.watch(["VTI", "VXUS"]);
    expect(socket.sent.slice(1)).toEqual([
      { type: "unsubscribe", symbols: ["BND"] },
      { type: "subscribe", symbols: ["VXUS"] },
    ]);
  });

  it("reconnects with backoff and re-subscribes", () => {
    const { client, states } = makeClient();
    client.watch(["VTI"]);
    client.start();
    FakeSocket.instances[0]!.open();
    FakeSocket.instances[0]!.close();
    expect(states.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(499);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1]!.close();
    vi.advanceTimersByTime(999);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const third = FakeSocket.instances[2]!;
    third.open();
    expect(third.sent).toEqual([{ type: "subscribe", symbols: ["VTI"] }]);
    expect(states.at(-1)).toBe("open");
  });

  it("treats a silent socket as dead", () => {
    const { client } = makeClient();
    client.start();
    FakeSocket.instances[0]!.open();
    vi.advanceTimersByTime(45_000);
    expect(FakeSocket.instances[0]!.readyState).toBe(3);
    vi.advanceTimersByTime(500);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it("waits while offline and reconnects at once when back online", () => {
    const { client, states } = makeClient();
    client.start();
    FakeSocket.instances[0]!.open();
    client.setOnline(false);
    expect(states.at(-1)).toBe("offline");
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    client.setOnline(true);
    expect(FakeSocket.instances).toHaveLength(2);
    client.stop();
    expect(states.at(-1)).toBe("idle");
  });

  it("goes quiet when the server is up and signed in but has no live endpoint", async () => {
    const checks: SessionCheck[] = [];
    const { client, states } = makeClient({
      checkSession: async () => {
        checks.push("signed-in");
        return "signed-in";
      },
    });
    client.start();
    FakeSocket.instances[0]!.fail();
    await settle();
    expect(checks).toHaveLength(1);
    expect(states.at(-1)).toBe("unavailable");
    // No retry storm: nothing for a minute, then one probe.
    await vi.advanceTimersByTimeAsync(59_999);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1]!.fail();
    await settle();
    // The next probe waits twice as long.
    await vi.advanceTimersByTimeAsync(119_999);
    expect(FakeSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(3);
    // When the endpoint appears, the connection opens as usual.
    FakeSocket.instances[2]!.open();
    expect(states.at(-1)).toBe("open");
    client.stop();
  });

  it("retries with backoff while the server itself is unreachable", async () => {
    const { client, states } = makeClient({ checkSession: async () => "unreachable" });
    client.start();
    FakeSocket.instances[0]!.fail();
    await settle();
    expect(states.at(-1)).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.instances).toHaveLength(2);
    client.stop();
  });

  it("stops and reports a lost session: signed out after a failure, or closed with 4401", async () => {
    const first = makeClient({ checkSession: async () => "signed-out" });
    first.client.start();
    FakeSocket.instances[0]!.fail();
    await settle();
    expect(first.authLost).toHaveLength(1);
    expect(first.states.at(-1)).toBe("idle");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);

    const second = makeClient();
    second.client.start();
    FakeSocket.instances[1]!.open();
    FakeSocket.instances[1]!.close(4401);
    expect(second.authLost).toHaveLength(1);
    expect(second.states.at(-1)).toBe("idle");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it("treats 1013 (live quotes off on the server) as unavailable", async () => {
    const { client, states } = makeClient();
    client.start();
    FakeSocket.instances[0]!.open();
    FakeSocket.instances[0]!.close(1013);
    expect(states.at(-1)).toBe("unavailable");
    await vi.advanceTimersByTimeAsync(30_000);
    expect(FakeSocket.instances).toHaveLength(1);
    client.stop();
  });
});
