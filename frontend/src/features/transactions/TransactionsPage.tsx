import { getRouteApi, Link } from "@tanstack/react-router";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowLeftRight, Pencil, Plus, Trash2 } from "lucide-react";
import { useRef, useState } from "react";
import { errorMessage } from "@/api/problem";
import { Alert, ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Confirm } from "@/components/ui/confirm";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty";
import { Input, Label, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page";
import { Loading, Skeleton } from "@/components/ui/skeleton";
import { useAccounts } from "@/features/accounts/api";
import CorporateActions from "@/features/market/CorporateActions";
import { cn } from "@/lib/cn";
import { formatDate, formatInteger, formatMoney, formatPrice, formatQuantity, label } from "@/lib/format";
import { ACTIONS, PAGE_SIZE, type Transaction, useDeleteTransaction, useTransactionPages } from "./api";
import { TransactionForm } from "./TransactionForm";

const route = getRouteApi("/transactions");
const ROW_HEIGHT = 44;
const GRID = "grid grid-cols-[8.5rem_minmax(10rem,1.3fr)_7.5rem_5.5rem_7rem_7rem_8rem_5.5rem_minmax(8rem,1fr)_6.5rem]";
const HEADERS = ["Date", "Account", "Action", "Symbol", "Quantity", "Price", "Amount", "Fees", "Note", "Actions"];
const NUMERIC = new Set(["Quantity", "Price", "Amount", "Fees"]);

export default function TransactionsPage() {
  const filters = route.useSearch();
  const navigate = route.useNavigate();
  const accounts = useAccounts(true);
  const remove = useDeleteTransaction();
  const [editing, setEditing] = useState<Transaction | "new" | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<[number, number]>([0, 0]);

  const visiblePages = [...new Set([Math.floor(range[0] / PAGE_SIZE), Math.floor(range[1] / PAGE_SIZE)])];
  const { first, total, pages, error } = useTransactionPages(filters, visiblePages);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    onChange: (instance) => {
      const items = instance.getVirtualItems();
      const next: [number, number] = [items[0]?.index ?? 0, items.at(-1)?.index ?? 0];
      setRange((prev) => (prev[0] === next[0] && prev[1] === next[1] ? prev : next));
    },
  });

  const rowAt = (index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const setFilter = (patch: Record<string, string | number | undefined>) =>
    void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeader
        title="Transactions"
        description={first.data ? `${formatInteger(total)} transactions${filtered ? " match the filters" : " in the ledger"}.` : "The ledger: every buy, sale, dividend and transfer."}
        actions={
          <Button onClick={() => setEditing("new")}>
            <Plus aria-hidden="true" /> Add transaction
          </Button>
        }
      />
      <CorporateActions />
      <form
        role="search"
        aria-label="Filter transactions"
        className="mb-3 grid grid-cols-2 gap-3 md:grid-cols-[minmax(10rem,1fr)_8rem_10rem_10rem_10rem_auto] md:items-end"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="col-span-2 grid gap-1.5 md:col-span-1">
          <Label htmlFor="tx-account">Account</Label>
          <Select id="tx-account" value={filters.account ?? ""} onChange={(e) => setFilter({ account: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">All accounts</option>
            {(accounts.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tx-symbol">Symbol</Label>
          <Input
            id="tx-symbol"
            defaultValue={filters.symbol ?? ""}
            autoComplete="off"
            onBlur={(e) => setFilter({ symbol: e.target.value.trim().toUpperCase() || undefined })}
            onKeyDown={(e) => {
              if (e.key === "Enter") setFilter({ symbol: e.currentTarget.value.trim().toUpperCase() || undefined });
            }}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tx-action">Action</Label>
          <Select id="tx-action" value={filters.action ?? ""} onChange={(e) => setFilter({ action: e.target.value || undefined })}>
            <option value="">All actions</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {label(a)}
              </option>
            ))}
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tx-start">From</Label>
          <Input id="tx-start" type="date" value={filters.start ?? ""} onChange={(e) => setFilter({ start: e.target.value || undefined })} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tx-end">To</Label>
          <Input id="tx-end" type="date" value={filters.end ?? ""} onChange={(e) => setFilter({ end: e.target.value || undefined })} />
        </div>
        <Button variant="outline" className="col-span-2 md:col-span-1" disabled={!filtered} onClick={() => void navigate({ search: {}, replace: true })}>
          Clear filters
        </Button>
      </form>
      {remove.isError && (
        <Alert className="mb-3" title="The transaction could not be deleted">
          {errorMessage(remove.error)}
        </Alert>
      )}
      {error ? (
        <ErrorAlert title="Transactions could not be loaded" error={error} onRetry={() => void first.refetch()} />
      ) : first.isPending ? (
        <Loading label="Loading transactions" className="grid gap-2">
          {Array.from({ length: 10 }, (_, i) => (
            <Skeleton key={i} className="h-9" />
          ))}
        </Loading>
      ) : total === 0 ? (
        <EmptyState
          icon={ArrowLeftRight}
          title={filtered ? "No transaction matches these filters" : "No transactions yet"}
          action={
            filtered ? undefined : (
              <Button asChild>
                <Link to="/import">Import a file</Link>
              </Button>
            )
          }
        >
          {filtered ? "Change or clear the filters." : "Add a transaction or import your broker's CSV or OFX file."}
        </EmptyState>
      ) : (
        <Card className="overflow-hidden">
          <div
            ref={scroller}
            role="table"
            aria-label="Transactions"
            aria-rowcount={total + 1}
            tabIndex={0}
            className="relative h-[calc(100dvh-22rem)] min-h-[22rem] overflow-auto text-sm md:h-[calc(100dvh-19rem)]"
          >
            <div role="rowgroup" className="sticky top-0 z-10 min-w-[1100px] bg-muted text-xs text-muted-foreground">
              <div role="row" aria-rowindex={1} className={cn(GRID, "items-center")}>
                {HEADERS.map((h) => (
                  <div
                    key={h}
                    role="columnheader"
                    className={cn("px-3 py-2 font-medium", NUMERIC.has(h) && "text-right", h === "Actions" && "sticky right-0 bg-muted")}
                  >
                    {h === "Actions" ? <span className="sr-only">Actions</span> : h}
                  </div>
                ))}
              </div>
            </div>
            <div role="rowgroup" className="relative min-w-[1100px]" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const tx = rowAt(item.index);
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className={cn(GRID, "absolute left-0 top-0 w-full items-center border-t border-border/60 hover:bg-muted/40")}
                    style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  >
                    {tx ? (
                      <TransactionCells
                        tx={tx}
                        onEdit={() => setEditing(tx)}
                        onDelete={() => remove.mutate(tx.id)}
                      />
                    ) : (
                      <div role="cell" className="col-span-full px-3">
                        <Skeleton className="h-4 w-full" />
                        <span className="sr-only">Loading row {item.index + 1}</span>
                      </div>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </Card>
      )}
      <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        {editing !== null && (
          <DialogContent wide title={editing === "new" ? "Add a transaction" : "Edit the transaction"}>
            <TransactionForm {...(editing === "new" ? {} : { transaction: editing })} onDone={() => setEditing(null)} />
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}

function TransactionCells({ tx, onEdit, onDelete }: { tx: Transaction; onEdit: () => void; onDelete: () => void }) {
  const what = `${label(tx.action)}${tx.symbol ? ` ${tx.symbol}` : ""} on ${formatDate(tx.date)}`;
  return (
    <>
      <div role="cell" className="whitespace-nowrap px-3 tabular-nums">{formatDate(tx.date)}</div>
      <div role="cell" className="truncate px-3">{tx.account}</div>
      <div role="cell" className="px-3">{label(tx.action)}</div>
      <div role="cell" className="px-3 font-medium">{tx.symbol ?? ""}</div>
      <div role="cell" className="px-3 text-right tabular-nums">{tx.quantity ? formatQuantity(tx.quantity) : ""}</div>
      <div role="cell" className="px-3 text-right tabular-nums">{tx.price ? formatPrice(tx.price) : ""}</div>
      <div role="cell" className="px-3 text-right tabular-nums">{tx.amount ? formatMoney(tx.amount) : ""}</div>
      <div role="cell" className="px-3 text-right tabular-nums">{tx.fees !== "0" ? formatMoney(tx.fees) : ""}</div>
      <div role="cell" className="truncate px-3 text-muted-foreground" title={tx.note}>
        {tx.note}
      </div>
      <div role="cell" className="sticky right-0 flex h-full items-center justify-end gap-0.5 bg-card px-2">
        <Button variant="ghost" size="icon" className="size-8" onClick={onEdit} aria-label={`Edit ${what}`}>
          <Pencil aria-hidden="true" />
        </Button>
        <Confirm
          title="Delete this transaction?"
          description={`${what} in ${tx.account}. Holdings and lots are recalculated without it.`}
          confirmLabel="Delete"
          onConfirm={onDelete}
          trigger={
            <Button variant="ghost" size="icon" className="size-8" aria-label={`Delete ${what}`}>
              <Trash2 aria-hidden="true" />
            </Button>
          }
        />
      </div>
    </>
  );
}
