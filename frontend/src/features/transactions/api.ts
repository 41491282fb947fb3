import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "@/api/client";
import { invalidateLedger } from "@/features/accounts/api";

export type Transaction = Schemas["TransactionRead"];
export type TransactionIn = Schemas["TransactionIn"];
export type Action = Schemas["Action"];

export const ACTIONS: readonly Action[] = [
  "buy",
  "sell",
  "reinvest",
  "dividend",
  "interest",
  "deposit",
  "withdrawal",
  "contribution",
  "fee",
  "transfer_in",
  "transfer_out",
  "split",
];

export interface TransactionFilters {
  account?: number | undefined;
  symbol?: string | undefined;
  action?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
}

export const PAGE_SIZE = 200;

function pageQuery(filters: TransactionFilters, page: number) {
  return {
    queryKey: ["transactions", "page", filters, page],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/transactions", {
          params: {
            query: {
              ...(filters.account ? { account_id: filters.account } : {}),
              ...(filters.symbol ? { symbol: filters.symbol } : {}),
              ...(filters.action ? { action: filters.action as Action } : {}),
              ...(filters.start ? { start: filters.start } : {}),
              ...(filters.end ? { end: filters.end } : {}),
              offset: page * PAGE_SIZE,
              limit: PAGE_SIZE,
            },
          },
        }),
      ),
    staleTime: 30_000,
  };
}

/**
 * The ledger in pages of PAGE_SIZE, loaded as the virtual table scrolls: the first page
 * gives the total, and only the pages in view (plus one either side) are fetched.
 */
export function useTransactionPages(filters: TransactionFilters, visiblePages: readonly number[]) {
  const first = useQuery({ ...pageQuery(filters, 0), placeholderData: keepPreviousData });
  const others = useQueries({
    queries: visiblePages.filter((p) => p > 0).map((page) => ({ ...pageQuery(filters, page), enabled: first.isSuccess })),
  });
  const pages = new Map<number, Transaction[]>();
  if (first.data) pages.set(0, first.data.items);
  visiblePages
    .filter((p) => p > 0)
    .forEach((page, i) => {
      const data = others[i]?.data;
      if (data) pages.set(page, data.items);
    });
  const error = first.error ?? others.find((q) => q.error)?.error ?? null;
  return { first, total: first.data?.total ?? 0, pages, error };
}

export function useSaveTransaction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: TransactionIn }) =>
      id === undefined
        ? unwrap(api.POST("/api/v1/transactions", { body }))
        : unwrap(api.PUT("/api/v1/transactions/{tx_id}", { params: { path: { tx_id: id } }, body })),
    onSuccess: () => invalidateLedger(client),
  });
}

export function useDeleteTransaction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/transactions/{tx_id}", { params: { path: { tx_id: id } } })),
    onSuccess: () => invalidateLedger(client),
  });
}
