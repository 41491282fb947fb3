import { AlertTriangle, Info } from "lucide-react";
import type { ReactNode } from "react";
import { errorMessage } from "@/api/problem";
import { cn } from "@/lib/cn";
import { Button } from "./button";

export function Alert({
  tone = "error",
  title,
  children,
  className,
  action,
}: {
  tone?: "error" | "info" | "warning";
  title: string;
  children?: ReactNode;
  className?: string;
  action?: ReactNode;
}) {
  const Icon = tone === "info" ? Info : AlertTriangle;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "flex items-start gap-3 rounded-md border p-3 text-sm",
        tone === "error" && "border-destructive/40 bg-destructive/10",
        tone === "warning" && "border-warning/50 bg-warning/10",
        tone === "info" && "border-info/40 bg-info/10",
        className,
      )}
    >
      <Icon
        aria-hidden="true"
        className={cn(
          "mt-0.5 size-4 shrink-0",
          tone === "error" ? "text-destructive-text" : tone === "warning" ? "text-warning-text" : "text-info-text",
        )}
      />
      <div className="grid flex-1 gap-1">
        <p className="font-medium">{title}</p>
        {children && <div className="text-muted-foreground">{children}</div>}
      </div>
      {action}
    </div>
  );
}

/** Any failed query or mutation, with a retry when there is one. */
export function ErrorAlert({ error, title = "Something went wrong", onRetry, className }: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  className?: string;
}) {
  return (
    <Alert
      title={title}
      className={className}
      action={
        onRetry ? (
          <Button size="sm" variant="outline" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      {errorMessage(error)}
    </Alert>
  );
}
