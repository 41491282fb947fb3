import { cn } from "@/lib/cn";
import { estimateStrength } from "@/lib/strength";

const COLORS = ["bg-destructive", "bg-destructive", "bg-warning", "bg-gain", "bg-gain"];

export function PassphraseStrength({ passphrase, id }: { passphrase: string; id?: string }) {
  const strength = estimateStrength(passphrase);
  return (
    <div id={id} className="grid gap-1.5">
      <div
        role="meter"
        aria-label="Passphrase strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={passphrase ? strength.level : 0}
        aria-valuetext={passphrase ? strength.label : "No passphrase yet"}
        className="grid grid-cols-4 gap-1"
      >
        {[1, 2, 3, 4].map((step) => (
          <span
            key={step}
            className={cn(
              "h-1.5 rounded-full",
              passphrase && strength.level >= step ? COLORS[strength.level] : "bg-muted",
              passphrase && strength.level === 0 && step === 1 && "bg-destructive",
            )}
          />
        ))}
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {passphrase ? (
          <>
            <span className="font-medium text-foreground">Strength: {strength.label}.</span>{" "}
            {strength.hints[0] ?? "Good: keep it somewhere safe."}
          </>
        ) : (
          "Use four or more unrelated words, or at least 10 characters."
        )}
      </p>
    </div>
  );
}
