/**
 * Class names joined with clsx, where a later Tailwind utility replaces an earlier one of the
 * same kind (`cn("h-10 px-4", "h-9")` → "px-4 h-9"), so a component's `className` can
 * override its defaults.
 *
 * A small stand-in for tailwind-merge, which cost 27 kB and, on a phone, some 250 ms of
 * start-up (building its map of every Tailwind class) before the first paint. It knows the
 * utility kinds this app overrides (see cn.test.ts); anything else is kept as written. When a
 * component override does not take, add its kind to KINDS.
 */
import { type ClassValue, clsx } from "clsx";

/**
 * A kind of utility: its name, the first word(s) of its classes ("text-sm" → "text"), the
 * pattern of its classes without variants, and the kinds it also replaces.
 */
type Kind = readonly [name: string, words: readonly string[], pattern: RegExp, replaces?: readonly string[]];
const DISPLAY = ["block", "inline-block", "inline", "flex", "inline-flex", "grid", "inline-grid", "table", "contents", "hidden"];
const KINDS: readonly Kind[] = [
  ["display", DISPLAY.map((d) => d.split("-")[0] ?? d), new RegExp(`^(${DISPLAY.join("|")})$`)],
  ["position", ["static", "fixed", "absolute", "relative", "sticky"], /^(static|fixed|absolute|relative|sticky)$/],
  ["flex-direction", ["flex"], /^flex-(row|col)(-reverse)?$/],
  ["flex-wrap", ["flex"], /^flex-(wrap|nowrap|wrap-reverse)$/],
  ["justify", ["justify"], /^justify-(start|end|center|between|around|evenly|stretch)$/],
  ["items", ["items"], /^items-(start|end|center|baseline|stretch)$/],
  ["gap", ["gap"], /^gap-[^xy]/, ["gap-x", "gap-y"]],
  ["gap-x", ["gap"], /^gap-x-/],
  ["gap-y", ["gap"], /^gap-y-/],
  ["size", ["size"], /^size-/, ["w", "h"]],
  ["w", ["w"], /^w-/],
  ["h", ["h"], /^h-/],
  ["min-w", ["min"], /^min-w-/],
  ["max-w", ["max"], /^max-w-/],
  ["min-h", ["min"], /^min-h-/],
  ["max-h", ["max"], /^max-h-/],
  ["p", ["p"], /^p-/, ["px", "py", "pt", "pb", "pl", "pr"]],
  ["px", ["px"], /^px-/, ["pl", "pr"]],
  ["py", ["py"], /^py-/, ["pt", "pb"]],
  ["pt", ["pt"], /^pt-/],
  ["pb", ["pb"], /^pb-/],
  ["pl", ["pl"], /^pl-/],
  ["pr", ["pr"], /^pr-/],
  ["m", ["m"], /^-?m-/, ["mx", "my", "mt", "mb", "ml", "mr"]],
  ["mx", ["mx"], /^-?mx-/, ["ml", "mr"]],
  ["my", ["my"], /^-?my-/, ["mt", "mb"]],
  ["mt", ["mt"], /^-?mt-/],
  ["mb", ["mb"], /^-?mb-/],
  ["ml", ["ml"], /^-?ml-/],
  ["mr", ["mr"], /^-?mr-/],
  ["text-align", ["text"], /^text-(left|center|right|justify|start|end)$/],
  ["font-size", ["text"], /^text-(xs|sm|base|lg|\d?xl|\[\d+(\.\d+)?(px|rem|em)\])$/],
  ["text-color", ["text"], /^text-/],
  ["font-weight", ["font"], /^font-(thin|extralight|light|normal|medium|semibold|bold|extrabold|black)$/],
  ["leading", ["leading"], /^leading-/],
  ["rounded", ["rounded"], /^rounded(-(none|sm|md|lg|xl|2xl|3xl|full))?$/],
  ["bg", ["bg"], /^bg-/],
  ["shadow", ["shadow"], /^shadow(-|$)/],
  ["opacity", ["opacity"], /^opacity-/],
  ["cursor", ["cursor"], /^cursor-/],
  ["overflow", ["overflow"], /^overflow-(auto|hidden|visible|scroll|clip)$/],
  ["col-span", ["col"], /^col-span-/],
];

/** The kinds to test for a class, by its first word: a couple of patterns, not forty. */
const BY_WORD = new Map<string, Kind[]>();
for (const kind of KINDS) for (const word of new Set(kind[1])) BY_WORD.set(word, [...(BY_WORD.get(word) ?? []), kind]);

function kindOf(utility: string): Kind | undefined {
  // "!" (important) and a leading "-" (negative) belong to the utility.
  const bare = utility.replace(/^!/, "");
  const word = bare.replace(/^-/, "").split("-")[0] ?? "";
  return BY_WORD.get(word)?.find(([, , pattern]) => pattern.test(bare));
}

/** "sm:hover:h-9" → ["sm:hover:", "h-9"] (arbitrary values may contain ":" inside brackets). */
function split(token: string): [string, string] {
  let depth = 0;
  let cut = -1;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === ":" && depth === 0) cut = i;
  }
  return [token.slice(0, cut + 1), token.slice(cut + 1)];
}

export function mergeClasses(classes: string): string {
  const tokens = classes.split(/\s+/).filter(Boolean);
  const out: (string | null)[] = [];
  const last = new Map<string, number>();
  for (const token of tokens) {
    const [variants, utility] = split(token);
    const kind = kindOf(utility);
    if (kind) {
      const [name, , , replaces = []] = kind;
      for (const k of [name, ...replaces]) {
        const at = last.get(variants + k);
        if (at !== undefined) {
          out[at] = null;
          last.delete(variants + k);
        }
      }
      last.set(variants + name, out.length);
    }
    out.push(token);
  }
  return out.filter((t): t is string => t !== null).join(" ");
}

// Components ask for the same few class lists again and again: merge each once.
const merged = new Map<string, string>();

export function cn(...inputs: ClassValue[]): string {
  const joined = clsx(inputs);
  let out = merged.get(joined);
  if (out === undefined) {
    out = mergeClasses(joined);
    if (merged.size > 1000) merged.clear();
    merged.set(joined, out);
  }
  return out;
}
