import { useQuery } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "@/api/client";

export type Freshness = Schemas["FreshnessRead"];

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
