import { zodResolver } from "@hookform/resolvers/zod";
import { LockKeyhole } from "lucide-react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ApiError, errorMessage } from "@/api/problem";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useUnlock } from "./api";
import { Brand } from "./Brand";

const schema = z.object({ passphrase: z.string().min(1, "Enter your passphrase.") });
type Values = z.infer<typeof schema>;

export default function Unlock({ reason }: { reason?: string | undefined }) {
  const unlock = useUnlock();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { passphrase: "" } });
  const onSubmit = form.handleSubmit(({ passphrase }) =>
    unlock.mutate(passphrase, { onError: () => form.setFocus("passphrase") }),
  );
  const wrong = unlock.error instanceof ApiError && unlock.error.status === 401;

  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 px-4 py-10">
      <Brand />
      <Card>
        <CardHeader>
          <div className="flex items-center gap-2">
            <LockKeyhole aria-hidden="true" className="size-5 text-muted-foreground" />
            <CardTitle>
              <span className="sr-only">Nestegg is locked: </span>Unlock your vault
            </CardTitle>
          </div>
          <CardDescription>{reason ?? "Enter your passphrase to open your data."}</CardDescription>
        </CardHeader>
        <CardContent>
          <form className="grid gap-4" onSubmit={onSubmit} noValidate>
            <Field label="Passphrase" error={form.formState.errors.passphrase?.message}>
              <Input type="password" autoComplete="current-password" autoFocus {...form.register("passphrase")} />
            </Field>
            {unlock.isError && (
              <Alert title={wrong ? "Wrong passphrase" : "The vault could not be opened"}>
                {wrong ? "That passphrase did not open the vault. Check it and try again." : errorMessage(unlock.error)}
              </Alert>
            )}
            <Button type="submit" size="lg" disabled={unlock.isPending}>
              {unlock.isPending ? "Unlocking…" : "Unlock"}
            </Button>
          </form>
        </CardContent>
      </Card>
    </main>
  );
}
