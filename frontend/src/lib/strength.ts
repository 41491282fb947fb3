/**
 * A passphrase strength estimate for the meter on the create-vault form. It errs on the
 * cautious side: it estimates the guesses an attacker who knows common patterns needs.
 */

export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  level: StrengthLevel;
  label: "Very weak" | "Weak" | "Fair" | "Strong" | "Very strong";
  bits: number;
  hints: string[];
}

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"] as const;
const COMMON = [
  "password",
  "passphrase",
  "123456",
  "qwerty",
  "letmein",
  "welcome",
  "admin",
  "iloveyou",
  "monkey",
  "dragon",
  "nestegg",
];

export const MIN_PASSPHRASE_LENGTH = 10;

export function estimateStrength(passphrase: string): Strength {
  const hints: string[] = [];
  if (!passphrase) return { level: 0, label: LABELS[0], bits: 0, hints: ["Enter a passphrase."] };

  const words = passphrase.trim().split(/[\s\-_.]+/).filter((w) => w.length >= 3);
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/\d/.test(passphrase)) pool += 10;
  if (/[^A-Za-z0-9]/.test(passphrase)) pool += 33;

  // Repeats and runs add little: count each run of the same or consecutive characters once.
  let effective = 0;
  for (let i = 0; i < passphrase.length; i++) {
    const prev = passphrase.charCodeAt(i - 1);
    const here = passphrase.charCodeAt(i);
    if (i > 0 && (here === prev || here === prev + 1 || here === prev - 1)) effective += 0.25;
    else effective += 1;
  }
  let bits = effective * Math.log2(Math.max(pool, 2));
  // Several words: a diceware-style estimate (about 11 bits a word from a 2000-word list)
  // is a floor, not a ceiling, so take the larger of the two only when it is lower-case words.
  if (words.length >= 3) bits = Math.max(bits * 0.6, words.length * 11);
  else bits *= 0.6;

  const lower = passphrase.toLowerCase();
  if (COMMON.some((word) => lower.includes(word))) {
    bits -= 14;
    hints.push("Avoid common words such as “password”.");
  }
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    hints.push(`Use at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  if (words.length < 3 && passphrase.length < 16) {
    hints.push("Several unrelated words make a strong passphrase that is easy to remember.");
  }

  bits = Math.max(0, Math.round(bits));
  let level: StrengthLevel = bits < 28 ? 0 : bits < 36 ? 1 : bits < 50 ? 2 : bits < 64 ? 3 : 4;
  if (passphrase.length < MIN_PASSPHRASE_LENGTH && level > 1) level = 1;
  return { level, label: LABELS[level], bits, hints };
}
