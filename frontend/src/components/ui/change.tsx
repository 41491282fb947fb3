import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import type { Decimal } from "@/lib/decimal";
import { cn } from "@/lib/cn";
import { describeChange, directionOf, formatMoney, formatPercent } from "@/lib/format";

/**
 * A gain or loss: an arrow and a sign carry the direction, colour only reinforces it, and
 * screen readers hear "up $12.30" / "down 1.2%".
 */
export function Change({
  value,
  kind = "money",
  className,
  showIcon = true,
}: {
  value: string | Decimal | null | undefined;
  kind?: "money" | "percent";
  className?: string;
  showIcon?: boolean;
}) {
  if (value == null) return <span className={cn("text-muted-foreground", className)}>—</span>;
  const direction = directionOf(value);
  const text = kind === "money" ? formatMoney(value, { signed: true }) : formatPercent(value, { signed: true });
  const Icon = direction === "up" ? ArrowUpRight : direction === "down" ? ArrowDownRight : Minus;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-0.5 tabular-nums",
        direction === "up" && "text-gain",
        direction === "down" && "text-loss",
        className,
      )}
    >
      {showIcon && <Icon aria-hidden="true" className="size-3.5 shrink-0" />}
      <span aria-hidden="true">{text}</span>
      <span className="sr-only">{describeChange(text, direction)}</span>
    </span>
  );
}
