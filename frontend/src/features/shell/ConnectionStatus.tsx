import { cn } from "@/lib/cn";
import { useConnectionState } from "@/live/hooks";

const TEXT = {
  idle: { label: "Live prices off", tone: "bg-muted-foreground" },
  connecting: { label: "Connecting…", tone: "bg-warning" },
  open: { label: "Live", tone: "bg-gain" },
  reconnecting: { label: "Reconnecting…", tone: "bg-warning" },
  offline: { label: "Offline", tone: "bg-destructive" },
  unavailable: { label: "Live prices unavailable", tone: "bg-muted-foreground" },
} as const;

/** The live connection's state, in words (the dot only repeats it). */
export function ConnectionStatus({ className }: { className?: string }) {
  const state = useConnectionState();
  const { label, tone } = TEXT[state];
  return (
    <span
      role="status"
      data-connection={state}
      className={cn("inline-flex items-center gap-1.5 text-xs font-medium text-muted-foreground", className)}
    >
      <span aria-hidden="true" className={cn("size-2 rounded-full", tone, state === "open" && "animate-pulse")} />
      <span>
        <span className="sr-only">Price connection: </span>
        {label}
      </span>
    </span>
  );
}
