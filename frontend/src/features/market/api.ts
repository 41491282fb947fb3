import { useQueries, useQuery } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "@/api/client";

export type Freshness = Schemas["FreshnessRead"];
export type PriceHistory = Schemas["PriceHistoryRead"];

export function useSecurities() {
  return useQuery({
    queryKey: ["securities"],
    queryFn: () => unwrap(api.GET("/api/v1/securities")),
    staleTime: 10 * 60_000,
  });
}

export function marketStatusQuery() {
  return {
    queryKey: ["market", "status"],
    queryFn: () => unwrap(api.GET("/api/v1/market/status")),
    staleTime: 60_000,
  };
}

export function useMarketStatus() {
  return useQuery(marketStatusQuery());
}

export function priceHistoryQuery(symbol: string, start?: string, end?: string) {
  return {
    queryKey: ["market", "prices", symbol, start ?? null, end ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/prices/{symbol}", {
          params: { path: { symbol }, query: { ...(start ? { start } : {}), ...(end ? { end } : {}) } },
        }),
      ),
    staleTime: 10 * 60_000,
  };
}

export function usePriceHistory(symbol: string, start?: string, end?: string, enabled = true) {
  return useQuery({ ...priceHistoryQuery(symbol, start, end), enabled });
}

export function usePriceHistories(symbols: readonly string[], start?: string, end?: string) {
  return useQueries({ queries: symbols.map((symbol) => priceHistoryQuery(symbol, start, end)) });
}

export function isoDaysBefore(iso: string, days: number): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}
