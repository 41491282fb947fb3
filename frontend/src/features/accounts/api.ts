import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "@/api/client";

export type Account = Schemas["AccountRead"];
export type AccountCreate = Schemas["AccountCreate"];
export type AccountUpdate = Schemas["AccountUpdate"];
export type AccountType = Schemas["AccountType"];

export const ACCOUNT_TYPES: readonly AccountType[] = [
  "taxable",
  "traditional_ira",
  "roth_ira",
  "traditional_401k",
  "roth_401k",
  "hsa",
  "529",
  "checking",
  "savings",
];
export const OWNERS: readonly Schemas["Owner"][] = ["self", "spouse", "joint"];
export const LOT_METHODS: readonly Schemas["LotMethod"][] = ["fifo", "lifo", "hifo", "specific", "mintax", "average"];

export function accountsQuery(includeArchived: boolean) {
  return {
    queryKey: ["accounts", { includeArchived }],
    queryFn: () => unwrap(api.GET("/api/v1/accounts", { params: { query: { include_archived: includeArchived } } })),
  };
}

export function useAccounts(includeArchived = false) {
  return useQuery(accountsQuery(includeArchived));
}

/** Everything derived from the ledger goes stale when accounts or transactions change. */
export function invalidateLedger(client: ReturnType<typeof useQueryClient>) {
  return Promise.all(
    ["accounts", "holdings", "transactions", "securities", "market", "performance"].map((key) =>
      client.invalidateQueries({ queryKey: [key] }),
    ),
  );
}

export function useSaveAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: AccountCreate | AccountUpdate }) =>
      id === undefined
        ? unwrap(api.POST("/api/v1/accounts", { body: body as AccountCreate }))
        : unwrap(api.PATCH("/api/v1/accounts/{account_id}", { params: { path: { account_id: id } }, body })),
    onSuccess: () => invalidateLedger(client),
  });
}

export function useArchiveAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, archived }: { id: number; archived: boolean }) =>
      archived
        ? unwrap(api.DELETE("/api/v1/accounts/{account_id}", { params: { path: { account_id: id } } }))
        : unwrap(
            api.PATCH("/api/v1/accounts/{account_id}", {
              params: { path: { account_id: id } },
              body: { archived: false },
            }),
          ),
    onSuccess: () => invalidateLedger(client),
  });
}
