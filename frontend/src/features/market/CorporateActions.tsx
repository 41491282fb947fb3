/**
 * Splits and dividends the market data imply and the ledger lacks, for a person to confirm or
 * dismiss (GET /api/v1/ledger/proposals). Splits that agree with the ledger are recorded by
 * the server on its own; what is listed here needs a decision. Renders nothing while there
 * is nothing to review.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { useId, useState } from "react";
import { api, type Schemas, unwrap } from "@/api/client";
import { errorMessage } from "@/api/problem";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Confirm } from "@/components/ui/confirm";
import { Input, Label } from "@/components/ui/input";
import { invalidateLedger } from "@/features/accounts/api";
import { isDecimalText } from "@/lib/decimal";
import { formatDate, formatMoney, formatQuantity, formatInteger, label } from "@/lib/format";

export type Proposal = Schemas["ProposalRead"];

/** Under "transactions", so every change of the ledger (invalidateLedger) refetches it. */
const PROPOSALS_KEY = ["transactions", "proposals"] as const;

export function proposalsQuery() {
  return {
    queryKey: PROPOSALS_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/ledger/proposals")),
    staleTime: 60_000,
  };
}

export function useProposals() {
  return useQuery(proposalsQuery());
}

export function useConfirmProposal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, amount }: { key: string; amount?: string | undefined }) =>
      unwrap(
        api.POST("/api/v1/ledger/proposals/{key}/confirm", {
          params: { path: { key } },
          ...(amount !== undefined ? { body: { amount } } : {}),
        }),
      ),
    onSuccess: () => invalidateLedger(client),
  });
}

export function useDismissProposal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: string) =>
      unwrap(api.POST("/api/v1/ledger/proposals/{key}/dismiss", { params: { path: { key } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: PROPOSALS_KEY }),
  });
}

/** "Dividend of VTI in Joint Brokerage on Mar 22, 2024": the accessible name of a row's buttons. */
export function describeProposal(p: Proposal): string {
  return `${label(p.action)} of ${p.symbol} in ${p.account} on ${formatDate(p.date)}`;
}

export default function CorporateActions() {
  const proposals = useProposals();
  const confirm = useConfirmProposal();
  const dismiss = useDismissProposal();
  const headingId = useId();
  const items = proposals.data ?? [];
  if (items.length === 0) return null;

  const busy = confirm.isPending || dismiss.isPending;
  const failed = confirm.error ?? dismiss.error;
  const count = items.length;
  return (
    <Card className="mb-4" aria-labelledby={headingId}>
      <CardHeader>
        <CardTitle id={headingId}>
          {formatInteger(count)} corporate {count === 1 ? "action" : "actions"} to review
        </CardTitle>
        <CardDescription>
          Splits and dividends in the market data that your ledger lacks. Confirm to record the transaction; dismiss to
          never be asked again.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {failed && (
          <Alert title="The proposal could not be saved">{errorMessage(failed)}</Alert>
        )}
        <ul className="grid divide-y divide-border/60" aria-label="Corporate actions to review">
          {items.map((p) => (
            <ProposalItem
              key={p.key}
              proposal={p}
              busy={busy}
              onConfirm={(amount) => {
                dismiss.reset();
                confirm.mutate({ key: p.key, amount });
              }}
              onDismiss={() => {
                confirm.reset();
                dismiss.mutate(p.key);
              }}
            />
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

function ProposalItem({
  proposal: p,
  busy,
  onConfirm,
  onDismiss,
}: {
  proposal: Proposal;
  busy: boolean;
  onConfirm: (amount?: string) => void;
  onDismiss: () => void;
}) {
  const what = describeProposal(p);
  const amountId = useId();
  const proposed = p.amount ?? "";
  const [amount, setAmount] = useState(proposed);
  const edited = p.action === "dividend" && amount.trim() !== proposed;
  const valid = !edited || isDecimalText(amount.trim());
  return (
    <li className="grid gap-2 py-3 first:pt-0 last:pb-0 md:grid-cols-[1fr_auto] md:items-center md:gap-4">
      <div className="grid gap-1 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone={p.action === "split" ? "warning" : "info"}>{label(p.action)}</Badge>
          <span className="font-medium">{p.symbol}</span>
          <span>
            {p.action === "split" && p.quantity
              ? `${formatQuantity(p.quantity, 6)}-for-1`
              : p.amount
                ? formatMoney(p.amount)
                : ""}
          </span>
          <span className="text-muted-foreground">
            {p.account} · {formatDate(p.date)}
          </span>
        </p>
        <p className="text-muted-foreground">{p.reason}</p>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        {p.action === "dividend" && (
          <div className="grid gap-1">
            <Label htmlFor={amountId} className="text-xs text-muted-foreground">
              Amount received
            </Label>
            <Input
              id={amountId}
              inputMode="decimal"
              className="h-9 w-28 text-right tabular-nums"
              value={amount}
              aria-invalid={!valid}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
        )}
        <Button
          size="sm"
          disabled={busy || !valid}
          aria-label={`Confirm ${what}`}
          onClick={() => onConfirm(edited ? amount.trim() : undefined)}
        >
          <Check aria-hidden="true" /> Confirm
        </Button>
        <Confirm
          title="Dismiss this proposal?"
          description={`${what}. It will not be proposed again; you can still record it yourself.`}
          confirmLabel="Dismiss"
          pending={busy}
          onConfirm={onDismiss}
          trigger={
            <Button size="sm" variant="outline" disabled={busy} aria-label={`Dismiss ${what}`}>
              <X aria-hidden="true" /> Dismiss
            </Button>
          }
        />
      </div>
    </li>
  );
}
