import { Monitor, Moon, Sun } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { type ThemeChoice, applyTheme, storedTheme } from "@/lib/theme";

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const NAMES: Record<ThemeChoice, string> = { system: "system", light: "light", dark: "dark" };

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const Icon = choice === "light" ? Sun : choice === "dark" ? Moon : Monitor;
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={`Theme: ${NAMES[choice]}. Switch to ${NAMES[NEXT[choice]]}`}
      title={`Theme: ${NAMES[choice]}`}
      onClick={() => {
        const next = NEXT[choice];
        applyTheme(next);
        setChoice(next);
      }}
    >
      <Icon aria-hidden="true" />
    </Button>
  );
}
