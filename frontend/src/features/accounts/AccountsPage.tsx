import { getRouteApi, Link } from "@tanstack/react-router";
import { Archive, ArchiveRestore, Pencil, Plus, WalletCards } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "@/api/problem";
import { Alert, ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Confirm } from "@/components/ui/confirm";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty";
import { PageHeader } from "@/components/ui/page";
import { Loading, Skeleton } from "@/components/ui/skeleton";
import { ZERO, dec, sum } from "@/lib/decimal";
import { formatMoney, label } from "@/lib/format";
import { AccountForm } from "./AccountForm";
import { type Account, useAccounts, useArchiveAccount } from "./api";

const route = getRouteApi("/accounts");

export default function AccountsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const showArchived = Boolean(search.archived);
  const accounts = useAccounts(showArchived);
  const archive = useArchiveAccount();
  const [editing, setEditing] = useState<Account | "new" | null>(null);

  const active = (accounts.data ?? []).filter((a) => !a.archived);
  const total = sum(active.map((a) => dec(a.market_value)));

  return (
    <>
      <PageHeader
        title="Accounts"
        description="Each account's value and tax treatment. Archived accounts keep their history in the ledger."
        actions={
          <>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-[var(--primary)]"
                checked={showArchived}
                onChange={(e) => void navigate({ search: e.target.checked ? { archived: true } : {}, replace: true })}
              />
              Show archived
            </label>
            <Button onClick={() => setEditing("new")}>
              <Plus aria-hidden="true" /> New account
            </Button>
          </>
        }
      />
      {archive.isError && (
        <Alert className="mb-3" title="The account could not be changed">
          {errorMessage(archive.error)}
        </Alert>
      )}
      {accounts.isError ? (
        <ErrorAlert title="Accounts could not be loaded" error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : !accounts.data ? (
        <Loading label="Loading accounts" className="grid gap-2">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-14" />
          ))}
        </Loading>
      ) : accounts.data.length === 0 ? (
        <EmptyState
          icon={WalletCards}
          title="No accounts yet"
          action={
            <div className="flex gap-2">
              <Button onClick={() => setEditing("new")}>New account</Button>
              <Button asChild variant="outline">
                <Link to="/import">Import a file</Link>
              </Button>
            </div>
          }
        >
          Add your brokerage, retirement and cash accounts, or import a file and they are created for you.
        </EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Accounts table">
            <table className="w-full min-w-[720px] text-sm">
              <caption className="sr-only">Accounts with type, owner, tax treatment and value</caption>
              <thead className="bg-muted/60 text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium">Account</th>
                  <th scope="col" className="px-3 py-2 text-left font-medium">Type</th>
                  <th scope="col" className="px-3 py-2 text-left font-medium">Owner</th>
                  <th scope="col" className="px-3 py-2 text-left font-medium">Tax treatment</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Value</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {accounts.data.map((account) => (
                  <tr key={account.id} className="border-t border-border/70">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link
                        to="/holdings"
                        search={{ account: account.id }}
                        className="font-medium hover:underline"
                      >
                        {account.name}
                      </Link>
                      <span className="block text-xs text-muted-foreground">
                        {[account.institution, `${label(account.lot_method)} lots`].filter(Boolean).join(" · ")}
                      </span>
                    </th>
                    <td className="px-3 py-2">{label(account.type)}</td>
                    <td className="px-3 py-2">{label(account.owner)}</td>
                    <td className="px-3 py-2">
                      <Badge tone={account.tax_treatment === "taxable" ? "neutral" : "info"}>{label(account.tax_treatment)}</Badge>
                      {account.archived && (
                        <Badge className="ml-1" tone="warning">
                          Archived
                        </Badge>
                      )}
                    </td>
                    <td className="px-3 py-2 text-right font-medium tabular-nums">{formatMoney(account.market_value)}</td>
                    <td className="px-3 py-2">
                      <div className="flex justify-end gap-1">
                        <Button variant="ghost" size="sm" onClick={() => setEditing(account)} aria-label={`Edit ${account.name}`}>
                          <Pencil aria-hidden="true" /> Edit
                        </Button>
                        {account.archived ? (
                          <Button
                            variant="ghost"
                            size="sm"
                            onClick={() => archive.mutate({ id: account.id, archived: false })}
                            aria-label={`Restore ${account.name}`}
                          >
                            <ArchiveRestore aria-hidden="true" /> Restore
                          </Button>
                        ) : (
                          <Confirm
                            title={`Archive ${account.name}?`}
                            description="The account leaves your lists and totals of open accounts; its transactions stay in the ledger and you can restore it."
                            confirmLabel="Archive"
                            onConfirm={() => archive.mutate({ id: account.id, archived: true })}
                            trigger={
                              <Button variant="ghost" size="sm" aria-label={`Archive ${account.name}`}>
                                <Archive aria-hidden="true" /> Archive
                              </Button>
                            }
                          />
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="border-t border-border bg-muted/40">
                  <th scope="row" colSpan={4} className="px-3 py-2 text-left font-medium">
                    Total of open accounts
                  </th>
                  <td className="px-3 py-2 text-right font-semibold tabular-nums">{formatMoney(active.length ? total : ZERO)}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        </Card>
      )}
      <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        {editing !== null && (
          <DialogContent title={editing === "new" ? "New account" : `Edit ${editing.name}`}>
            <AccountForm {...(editing === "new" ? {} : { account: editing })} onDone={() => setEditing(null)} />
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}
