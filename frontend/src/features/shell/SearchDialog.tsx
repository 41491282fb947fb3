import * as DialogPrimitive from "@radix-ui/react-dialog";
import { useNavigate } from "@tanstack/react-router";
import { Search, WalletCards, TrendingUp } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { useAccounts } from "@/features/accounts/api";
import { useSecurities } from "@/features/market/api";
import { cn } from "@/lib/cn";
import { label } from "@/lib/format";

interface Result {
  kind: "symbol" | "account";
  id: string;
  title: string;
  detail: string;
}

/** Global search (Ctrl/⌘ K): a combobox over symbols and accounts. */
export default function SearchDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const accounts = useAccounts(true);
  const securities = useSecurities();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const navigate = useNavigate();
  const listId = useId();

  const results = useMemo<Result[]>(() => {
    const q = query.trim().toLowerCase();
    const all: Result[] = [
      ...(securities.data ?? []).map((s) => ({
        kind: "symbol" as const,
        id: s.symbol,
        title: s.symbol,
        detail: s.name,
      })),
      ...(accounts.data ?? []).map((a) => ({
        kind: "account" as const,
        id: String(a.id),
        title: a.name,
        detail: `${label(a.type)}${a.archived ? " · archived" : ""}`,
      })),
    ];
    if (!q) return all.slice(0, 12);
    return all
      .filter((r) => r.title.toLowerCase().includes(q) || r.detail.toLowerCase().includes(q))
      .sort((a, b) => Number(!a.title.toLowerCase().startsWith(q)) - Number(!b.title.toLowerCase().startsWith(q)))
      .slice(0, 20);
  }, [query, accounts.data, securities.data]);

  const choose = (result: Result) => {
    onOpenChange(false);
    setQuery("");
    if (result.kind === "symbol") void navigate({ to: "/holdings", search: { q: result.id } });
    else void navigate({ to: "/holdings", search: { account: Number(result.id) } });
  };

  const loading = accounts.isPending || securities.isPending;
  const current = results[Math.min(active, results.length - 1)];

  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-[10vh] z-50 w-[calc(100%-1.5rem)] max-w-lg -translate-x-1/2 overflow-hidden rounded-xl border border-border bg-card shadow-xl"
        >
          <DialogPrimitive.Title className="sr-only">Search symbols and accounts</DialogPrimitive.Title>
          <div className="flex items-center gap-2 border-b border-border px-3">
            <Search aria-hidden="true" className="size-4 text-muted-foreground" />
            <input
              role="combobox"
              aria-expanded="true"
              aria-controls={listId}
              aria-activedescendant={current ? `${listId}-${current.kind}-${current.id}` : undefined}
              aria-label="Search symbols and accounts"
              autoComplete="off"
              className="h-12 w-full bg-transparent text-sm outline-none placeholder:text-muted-foreground"
              placeholder="Search symbols and accounts…"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown") {
                  e.preventDefault();
                  setActive((i) => Math.min(i + 1, results.length - 1));
                } else if (e.key === "ArrowUp") {
                  e.preventDefault();
                  setActive((i) => Math.max(i - 1, 0));
                } else if (e.key === "Enter" && current) {
                  e.preventDefault();
                  choose(current);
                }
              }}
            />
          </div>
          <ul id={listId} role="listbox" aria-label="Results" className="relative max-h-80 overflow-y-auto p-1">
            {loading && <li className="p-3 text-sm text-muted-foreground">Loading…</li>}
            {!loading && results.length === 0 && (
              <li className="p-3 text-sm text-muted-foreground">No symbol or account matches “{query}”.</li>
            )}
            {results.map((result) => {
              const Icon = result.kind === "symbol" ? TrendingUp : WalletCards;
              const selected = current === result;
              return (
                <li
                  key={`${result.kind}-${result.id}`}
                  id={`${listId}-${result.kind}-${result.id}`}
                  role="option"
                  aria-selected={selected}
                  className={cn(
                    "flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm",
                    selected && "bg-muted",
                  )}
                  onMouseMove={() => setActive(results.indexOf(result))}
                  onClick={() => choose(result)}
                >
                  <Icon aria-hidden="true" className="size-4 text-muted-foreground" />
                  <span className="font-medium">{result.title}</span>
                  <span className="truncate text-muted-foreground">{result.detail}</span>
                  <span className="ml-auto text-xs text-muted-foreground">{result.kind === "symbol" ? "Symbol" : "Account"}</span>
                </li>
              );
            })}
          </ul>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
