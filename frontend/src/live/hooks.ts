import { useSyncExternalStore } from "react";
import type { ConnectionState, PortfolioMessage } from "./client";
import { type LiveQuote, liveStore } from "./store";

export function useLiveSnapshot() {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getSnapshot, liveStore.getSnapshot);
}

export function useQuote(symbol: string | null | undefined): LiveQuote | undefined {
  const get = () => (symbol ? liveStore.getSnapshot().quotes.get(symbol) : undefined);
  return useSyncExternalStore(liveStore.subscribe, get, get);
}

export function useQuotes(): ReadonlyMap<string, LiveQuote> {
  const get = () => liveStore.getSnapshot().quotes;
  return useSyncExternalStore(liveStore.subscribe, get, get);
}

export function usePortfolio(): PortfolioMessage | null {
  const get = () => liveStore.getSnapshot().portfolio;
  return useSyncExternalStore(liveStore.subscribe, get, get);
}

export function useConnectionState(): ConnectionState {
  const get = () => liveStore.getSnapshot().state;
  return useSyncExternalStore(liveStore.subscribe, get, get);
}
