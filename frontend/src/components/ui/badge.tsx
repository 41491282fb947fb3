import type { HTMLAttributes } from "react";
import { cn } from "@/lib/cn";

const tones = {
  neutral: "bg-muted text-foreground border-border",
  info: "bg-info/10 text-info-text border-info/30",
  warning: "bg-warning/15 text-warning-text border-warning/40",
  success: "bg-gain/10 text-gain border-gain/30",
  danger: "bg-destructive/10 text-destructive-text border-destructive/30",
} as const;

export function Badge({ className, tone = "neutral", ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: keyof typeof tones }) {
  return (
    <span
      className={cn("inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium", tones[tone], className)}
      {...props}
    />
  );
}
