import { useQuery } from "@tanstack/react-query";
import { bootFetch } from "@/api/boot";
import { api, type Schemas, unwrap } from "@/api/client";

export type Holdings = Schemas["HoldingsRead"];
export type Holding = Schemas["HoldingRead"];
export type Lot = Schemas["LotRead"];

export function holdingsQuery(accountId?: number) {
  return {
    queryKey: ["holdings", { accountId: accountId ?? null, lots: false }],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/holdings", {
          params: { query: accountId === undefined ? {} : { account_id: accountId } },
          // The household's holdings may already be on their way (index.html starts them).
          ...(accountId === undefined ? bootFetch("holdings") : {}),
        }),
      ),
  };
}

export function useHoldings(accountId?: number) {
  return useQuery(holdingsQuery(accountId));
}

/** One account's positions with their open lots (the drill-down): each lot carries the
 * server's holding term ("short"/"long") and days until it turns long-term. */
export function useLots(accountId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["holdings", { accountId: accountId ?? null, lots: true }],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/holdings", {
          params: { query: { account_id: accountId, include_lots: true } },
        }),
      ),
    enabled: enabled && accountId !== undefined,
  });
}
