import { zodResolver } from "@hookform/resolvers/zod";
import { AlertTriangle, Database, Sparkles } from "lucide-react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { errorMessage } from "@/api/problem";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { MIN_PASSPHRASE_LENGTH, estimateStrength } from "@/lib/strength";
import { useCreateVault } from "./api";
import { Brand } from "./Brand";
import { PassphraseStrength } from "./PassphraseStrength";

const schema = z
  .object({
    passphrase: z
      .string()
      .min(MIN_PASSPHRASE_LENGTH, `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`)
      .max(1024, "Use at most 1024 characters.")
      .refine((p) => estimateStrength(p).level >= 2, "Choose a stronger passphrase (at least Fair)."),
    confirm: z.string(),
    start: z.enum(["demo", "empty"]),
    understood: z.boolean().refine((v) => v, "Confirm that you understand the passphrase cannot be recovered."),
  })
  .refine((v) => v.passphrase === v.confirm, { path: ["confirm"], message: "The passphrases do not match." });

type Values = z.infer<typeof schema>;

export default function FirstRun() {
  const create = useCreateVault();
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { passphrase: "", confirm: "", start: "demo", understood: false },
  });
  const { errors } = form.formState;
  const passphrase = form.watch("passphrase");
  const start = form.watch("start");

  const onSubmit = form.handleSubmit((values) =>
    create.mutate({ passphrase: values.passphrase, demo: values.start === "demo" }),
  );

  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-6 px-4 py-10">
      <div className="grid gap-2">
        <Brand />
        <h1 className="text-2xl font-semibold tracking-tight">Set up your private vault</h1>
        <p className="text-sm text-muted-foreground">
          Everything you enter stays on this computer, encrypted with a passphrase only you know.
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Create a vault</CardTitle>
          <CardDescription>Start with the demo household to explore, or with an empty vault for your own accounts.</CardDescription>
        </CardHeader>
        <CardContent>
          <form className="grid gap-5" onSubmit={onSubmit} noValidate>
            <fieldset className="grid gap-2">
              <legend className="mb-2 text-sm font-medium">What should the vault hold?</legend>
              <div className="grid gap-2 sm:grid-cols-2">
                {(
                  [
                    { value: "demo", title: "Demo household", text: "A sample family with six accounts and real prices.", Icon: Sparkles },
                    { value: "empty", title: "Empty vault", text: "Add your own accounts or import a file.", Icon: Database },
                  ] as const
                ).map(({ value, title, text, Icon }) => (
                  <label
                    key={value}
                    className={cn(
                      "flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                      start === value ? "border-primary bg-primary/5" : "border-border",
                    )}
                  >
                    <input type="radio" value={value} className="mt-1 accent-[var(--primary)]" {...form.register("start")} />
                    <span className="grid gap-0.5">
                      <span className="flex items-center gap-1.5 font-medium">
                        <Icon aria-hidden="true" className="size-4" />
                        {title}
                      </span>
                      <span className="text-muted-foreground">{text}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            <Field label="Passphrase" error={errors.passphrase?.message}>
              <Input type="password" autoComplete="new-password" {...form.register("passphrase")} />
            </Field>
            <PassphraseStrength passphrase={passphrase} />
            <Field label="Repeat the passphrase" error={errors.confirm?.message}>
              <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
            </Field>
            <Alert tone="warning" title="A lost passphrase cannot be recovered">
              Your data is encrypted with this passphrase and nobody, including Nestegg, can reset it. Write it
              down and keep it somewhere safe.
            </Alert>
            <div className="grid gap-1">
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 accent-[var(--primary)]"
                  aria-invalid={errors.understood ? true : undefined}
                  aria-describedby={errors.understood ? "understood-error" : undefined}
                  {...form.register("understood")}
                />
                I understand that if I lose this passphrase my data cannot be recovered.
              </label>
              {errors.understood && (
                <p id="understood-error" role="alert" className="text-xs font-medium text-destructive-text">
                  {errors.understood.message}
                </p>
              )}
            </div>
            {create.isError && (
              <Alert title="The vault could not be created">{errorMessage(create.error)}</Alert>
            )}
            <Button type="submit" size="lg" disabled={create.isPending}>
              {create.isPending ? "Creating the vault…" : start === "demo" ? "Create vault with demo household" : "Create empty vault"}
            </Button>
            {create.isPending && (
              <p role="status" className="flex items-center gap-2 text-xs text-muted-foreground">
                <AlertTriangle aria-hidden="true" className="size-3.5" />
                Deriving the encryption key takes a few seconds.
              </p>
            )}
          </form>
        </CardContent>
      </Card>
    </main>
  );
}
