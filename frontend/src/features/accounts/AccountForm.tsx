import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { errorMessage } from "@/api/problem";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { label } from "@/lib/format";
import { ACCOUNT_TYPES, type Account, LOT_METHODS, OWNERS, useSaveAccount } from "./api";

const schema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  type: z.enum(ACCOUNT_TYPES as [string, ...string[]], { message: "Choose an account type." }),
  owner: z.enum(OWNERS as [string, ...string[]]),
  institution: z.string().trim().max(120, "Use at most 120 characters."),
  lot_method: z.enum(LOT_METHODS as [string, ...string[]]),
});
type Values = z.infer<typeof schema>;

export function AccountForm({ account, onDone }: { account?: Account; onDone: () => void }) {
  const save = useSaveAccount();
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: account?.name ?? "",
      type: account?.type ?? "taxable",
      owner: account?.owner ?? "self",
      institution: account?.institution ?? "",
      lot_method: account?.lot_method ?? "fifo",
    },
  });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) =>
    save.mutate(
      { ...(account ? { id: account.id } : {}), body: values as Parameters<typeof save.mutate>[0]["body"] },
      { onSuccess: onDone },
    ),
  );
  return (
    <form className="grid gap-4" onSubmit={onSubmit} noValidate>
      <Field label="Name" error={errors.name?.message}>
        <Input autoComplete="off" {...form.register("name")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Account type" error={errors.type?.message}>
          <Select {...form.register("type")}>
            {ACCOUNT_TYPES.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Owner" error={errors.owner?.message}>
          <Select {...form.register("owner")}>
            {OWNERS.map((o) => (
              <option key={o} value={o}>
                {label(o)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Institution" hint="Optional, e.g. the broker" error={errors.institution?.message}>
          <Input autoComplete="organization" {...form.register("institution")} />
        </Field>
        <Field label="Lot method for sales" error={errors.lot_method?.message}>
          <Select {...form.register("lot_method")}>
            {LOT_METHODS.map((m) => (
              <option key={m} value={m}>
                {label(m)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {save.isError && <Alert title="The account could not be saved">{errorMessage(save.error)}</Alert>}
      <div className="flex justify-end gap-2">
        <Button variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : account ? "Save changes" : "Create account"}
        </Button>
      </div>
    </form>
  );
}
