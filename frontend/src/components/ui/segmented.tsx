import type { KeyboardEvent } from "react";
import { cn } from "@/lib/cn";

/**
 * A single-choice row of toggle buttons (`aria-pressed`), in a labelled group. Tab reaches
 * each button; the arrow keys, Home and End also move and choose. Plain buttons, so the
 * dashboard's first load carries no extra library for it.
 */
export function Segmented<T extends string>({
  value,
  onChange,
  options,
  label,
  className,
}: {
  value: T;
  onChange: (value: T) => void;
  options: readonly { value: T; label: string; description?: string }[];
  label: string;
  className?: string;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = options.findIndex((o) => o.value === value);
    const last = options.length - 1;
    const next =
      event.key === "ArrowRight" || event.key === "ArrowDown"
        ? Math.min(last, index + 1)
        : event.key === "ArrowLeft" || event.key === "ArrowUp"
          ? Math.max(0, index - 1)
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null || next === index) return;
    event.preventDefault();
    const option = options[next];
    if (!option) return;
    onChange(option.value);
    const buttons = event.currentTarget.querySelectorAll("button");
    buttons[next]?.focus();
  };
  return (
    <div
      role="group"
      aria-label={label}
      onKeyDown={onKeyDown}
      className={cn("inline-flex rounded-md border border-border bg-muted p-0.5", className)}
    >
      {options.map((option) => {
        const on = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            aria-pressed={on}
            title={option.description}
            onClick={() => onChange(option.value)}
            className={cn(
              "rounded px-2.5 py-1 text-xs font-medium text-muted-foreground transition-colors",
              "hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              on && "bg-card text-foreground shadow-sm",
            )}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
