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

/** [kind, pattern of the utility without its variants, kinds it also replaces]. */
type Kind = readonly [name: string, pattern: RegExp, replaces?: readonly string[]];
const KINDS: readonly Kind[] = [
  ["display", /^(block|inline-block|inline|flex|inline-flex|grid|inline-grid|table|contents|hidden)$/],
  ["position", /^(static|fixed|absolute|relative|sticky)$/],
  ["flex-direction", /^flex-(row|col)(-reverse)?$/],
  ["flex-wrap", /^flex-(wrap|nowrap|wrap-reverse)$/],
  ["justify", /^justify-(start|end|center|between|around|evenly|stretch)$/],
  ["items", /^items-(start|end|center|baseline|stretch)$/],
  ["gap", /^gap-[^xy]/, ["gap-x", "gap-y"]],
  ["gap-x", /^gap-x-/],
  ["gap-y", /^gap-y-/],
  ["size", /^size-/, ["w", "h"]],
  ["w", /^w-/],
  ["h", /^h-/],
  ["min-w", /^min-w-/],
  ["max-w", /^max-w-/],
  ["min-h", /^min-h-/],
  ["max-h", /^max-h-/],
  ["p", /^p-/, ["px", "py", "pt", "pb", "pl", "pr"]],
  ["px", /^px-/, ["pl", "pr"]],
  ["py", /^py-/, ["pt", "pb"]],
  ["pt", /^pt-/],
  ["pb", /^pb-/],
  ["pl", /^pl-/],
  ["pr", /^pr-/],
  ["m", /^-?m-/, ["mx", "my", "mt", "mb", "ml", "mr"]],
  ["mx", /^-?mx-/, ["ml", "mr"]],
  ["my", /^-?my-/, ["mt", "mb"]],
  ["mt", /^-?mt-/],
  ["mb", /^-?mb-/],
  ["ml", /^-?ml-/],
  ["mr", /^-?mr-/],
  ["text-align", /^text-(left|center|right|justify|start|end)$/],
  ["font-size", /^text-(xs|sm|base|lg|\d?xl|\[\d+(\.\d+)?(px|rem|em)\])$/],
  ["text-color", /^text-/],
  ["font-weight", /^font-(thin|extralight|light|normal|medium|semibold|bold|extrabold|black)$/],
  ["leading", /^leading-/],
  ["rounded", /^rounded(-(none|sm|md|lg|xl|2xl|3xl|full))?$/],
  ["bg", /^bg-/],
  ["shadow", /^shadow(-|$)/],
  ["opacity", /^opacity-/],
  ["cursor", /^cursor-/],
  ["overflow", /^overflow-(auto|hidden|visible|scroll|clip)$/],
  ["col-span", /^col-span-/],
];

function kindOf(utility: string): Kind | undefined {
  // "!" (important) and a leading "-" (negative) belong to the utility.
  const bare = utility.replace(/^!/, "");
  return KINDS.find(([, pattern]) => pattern.test(bare));
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
      const [name, , replaces = []] = kind;
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
