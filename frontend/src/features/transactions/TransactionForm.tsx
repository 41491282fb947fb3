import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ApiError, errorMessage } from "@/api/problem";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useAccounts } from "@/features/accounts/api";
import { label } from "@/lib/format";
import { ACTIONS, type Transaction, type TransactionIn, useSaveTransaction } from "./api";

const DECIMAL = /^\d+(\.\d+)?$/;
const TRADES = new Set(["buy", "sell", "reinvest"]);
const CASH = new Set(["dividend", "interest", "deposit", "withdrawal", "contribution", "fee"]);
const SYMBOL_NEEDED = new Set([...TRADES, "split", "transfer_in", "transfer_out"]);

const amount = z
  .string()
  .trim()
  .refine((v) => v === "" || DECIMAL.test(v), "Enter a number such as 12.50 (no sign: the action gives it).");

/** Mirrors the ledger's validation (core/ledger/validation.py) so most mistakes show before saving. */
export const transactionSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date."),
    account: z.string().trim().min(1, "Choose an account."),
    action: z.enum(ACTIONS as [string, ...string[]]),
    symbol: z
      .string()
      .trim()
      .max(20, "Use at most 20 characters.")
      .refine((v) => v === "" || /^[A-Za-z0-9.\-^=/]+$/.test(v), "Use letters, digits and . - ^ = / only."),
    quantity: amount,
    price: amount,
    amount,
    fees: amount,
    note: z.string().max(2000, "Use at most 2000 characters."),
  })
  .superRefine((v, ctx) => {
    const need = (field: "symbol" | "quantity" | "price" | "amount", message: string) => {
      if (!v[field]) ctx.addIssue({ code: "custom", path: [field], message });
    };
    if (SYMBOL_NEEDED.has(v.action)) need("symbol", `A symbol is required for ${label(v.action).toLowerCase()}.`);
    if (TRADES.has(v.action) || v.action === "split" || v.action.startsWith("transfer")) {
      need("quantity", v.action === "split" ? "Enter the split ratio (e.g. 2 for 2-for-1)." : "Enter the quantity.");
      if (v.quantity && Number(v.quantity) === 0) ctx.addIssue({ code: "custom", path: ["quantity"], message: "Must be greater than zero." });
    }
    if (TRADES.has(v.action) && !v.price && !v.amount) need("price", "Enter the price (or the amount).");
    if (CASH.has(v.action)) {
      need("amount", "Enter the amount.");
      if (v.amount && Number(v.amount) === 0) ctx.addIssue({ code: "custom", path: ["amount"], message: "Must be greater than zero." });
    }
  });

type Values = z.infer<typeof transactionSchema>;
const FIELDS = ["date", "account", "action", "symbol", "quantity", "price", "amount", "fees", "note"] as const;

function toBody(v: Values): TransactionIn {
  return {
    date: v.date,
    account: v.account,
    action: v.action as TransactionIn["action"],
    symbol: v.symbol ? v.symbol.toUpperCase() : null,
    quantity: v.quantity || null,
    price: v.price || null,
    amount: v.amount || null,
    fees: v.fees || "0",
    note: v.note,
  };
}

export function TransactionForm({ transaction, onDone }: { transaction?: Transaction; onDone: () => void }) {
  const accounts = useAccounts(true);
  const save = useSaveTransaction();
  const form = useForm<Values>({
    resolver: zodResolver(transactionSchema),
    defaultValues: {
      date: transaction?.date ?? new Date().toISOString().slice(0, 10),
      account: transaction?.account ?? "",
      action: transaction?.action ?? "buy",
      symbol: transaction?.symbol ?? "",
      quantity: transaction?.quantity ?? "",
      price: transaction?.price ?? "",
      amount: transaction?.amount ?? "",
      fees: transaction?.fees && transaction.fees !== "0" ? transaction.fees : "",
      note: transaction?.note ?? "",
    },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) =>
    save.mutate(
      { ...(transaction ? { id: transaction.id } : {}), body: toBody(values) },
      {
        onSuccess: onDone,
        onError: (error) => {
          // The server says "quantity is required for buy; price …": put each on its field.
          if (!(error instanceof ApiError) || error.status !== 422) return;
          for (const part of error.problem.detail.split("; ")) {
            const [field, ...rest] = part.split(" ");
            const name = FIELDS.find((f) => f === field || part.startsWith(`body.${f}`));
            if (name) form.setError(name, { message: rest.join(" ") || part });
          }
        },
      },
    ),
  );

  return (
    <form className="grid gap-4" onSubmit={onSubmit} noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Date" error={errors.date?.message}>
          <Input type="date" {...form.register("date")} />
        </Field>
        <Field label="Account" error={errors.account?.message} className="sm:col-span-2">
          <Select {...form.register("account")}>
            <option value="">Choose an account…</option>
            {(accounts.data ?? []).map((a) => (
              <option key={a.id} value={a.name}>
                {a.name}
                {a.archived ? " (archived)" : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Action" error={errors.action?.message}>
          <Select {...form.register("action")}>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {label(a)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Symbol" error={errors.symbol?.message}>
          <Input autoCapitalize="characters" autoComplete="off" {...form.register("symbol")} />
        </Field>
        <Field label="Quantity" error={errors.quantity?.message}>
          <Input inputMode="decimal" autoComplete="off" {...form.register("quantity")} />
        </Field>
        <Field label="Price" error={errors.price?.message}>
          <Input inputMode="decimal" autoComplete="off" {...form.register("price")} />
        </Field>
        <Field label="Amount" hint="Cash amount; for trades, quantity × price" error={errors.amount?.message}>
          <Input inputMode="decimal" autoComplete="off" {...form.register("amount")} />
        </Field>
        <Field label="Fees" error={errors.fees?.message}>
          <Input inputMode="decimal" autoComplete="off" placeholder="0" {...form.register("fees")} />
        </Field>
      </div>
      <Field label="Note" error={errors.note?.message}>
        <Textarea rows={2} {...form.register("note")} />
      </Field>
      {save.isError && <Alert title="The transaction could not be saved">{errorMessage(save.error)}</Alert>}
      <div className="flex justify-end gap-2">
        <Button variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : transaction ? "Save changes" : "Add transaction"}
        </Button>
      </div>
    </form>
  );
}
