/**
 * Every number the user reads goes through this module (Intl). Amounts arrive as exact
 * decimal strings and are formatted from the string, so no float rounding shows.
 * Gains and losses carry a sign (and, in the UI, an arrow), never colour alone.
 */
import { type Decimal, parseDecimal, sign as decimalSign, toString } from "./decimal";

type Numeric = string | Decimal;

let locale: string | undefined =
  typeof navigator !== "undefined" && navigator.language ? navigator.language : "en-US";

/** Tests pin the locale; the app uses the browser's. */
export function setLocale(next: string | undefined): void {
  locale = next;
  cache.clear();
  dateCache.clear();
}

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const cacheKey = `${locale}|${key}`;
  let format = cache.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(cacheKey, format);
  }
  return format;
}

function text(value: Numeric): `${number}` {
  // Intl.NumberFormat formats numeric strings exactly (ES2023), with no float step.
  return (typeof value === "string" ? toString(parseDecimal(value)) : toString(value)) as `${number}`;
}

export interface MoneyOptions {
  currency?: string;
  /** Show "+" on gains as well as "−" on losses. */
  signed?: boolean;
  /** Whole dollars (large totals in tight spaces). */
  whole?: boolean;
  compact?: boolean;
}

export function formatMoney(value: Numeric, options: MoneyOptions = {}): string {
  const { currency = "USD", signed = false, whole = false, compact = false } = options;
  const key = `money|${currency}|${signed}|${whole}|${compact}`;
  return numberFormat(key, {
    style: "currency",
    currency,
    signDisplay: signed ? "exceptZero" : "auto",
    ...(compact
      ? { notation: "compact", maximumFractionDigits: 1 }
      : whole
        ? { maximumFractionDigits: 0, minimumFractionDigits: 0 }
        : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  }).format(text(value));
}

/** A ratio (0.0372) as a percent ("3.72%"). */
export function formatPercent(
  ratio: Numeric,
  options: { signed?: boolean; digits?: number } = {},
): string {
  const { signed = false, digits = 2 } = options;
  return numberFormat(`pct|${signed}|${digits}`, {
    style: "percent",
    signDisplay: signed ? "exceptZero" : "auto",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(text(ratio));
}

export function formatQuantity(value: Numeric, maxDigits = 4): string {
  return numberFormat(`qty|${maxDigits}`, {
    minimumFractionDigits: 0,
    maximumFractionDigits: maxDigits,
  }).format(text(value));
}

export function formatPrice(value: Numeric): string {
  return numberFormat("price", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format(text(value));
}

export function formatInteger(value: number): string {
  return numberFormat("int", { maximumFractionDigits: 0 }).format(value);
}

const dateCache = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one: they are made once per style. */
function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${key}`;
  let format = dateCache.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateCache.set(cacheKey, format);
  }
  return format;
}

/** An ISO date ("2025-09-29") in the user's locale, without a time-zone shift. */
export function formatDate(iso: string, style: "medium" | "short" = "medium"): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  return dateFormat(
    `date|${style}`,
    style === "medium"
      ? { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }
      : { timeZone: "UTC", year: "2-digit", month: "2-digit", day: "2-digit" },
  ).format(date);
}

export function formatTime(iso: string): string {
  return dateFormat("time", { hour: "numeric", minute: "2-digit", second: "2-digit" }).format(new Date(iso));
}

export type Direction = "up" | "down" | "flat";

export function directionOf(value: Numeric | null | undefined): Direction {
  if (value == null) return "flat";
  const s = decimalSign(typeof value === "string" ? parseDecimal(value) : value);
  return s > 0 ? "up" : s < 0 ? "down" : "flat";
}

/** Words for screen readers: "up $12.30" / "down 1.20%". */
export function describeChange(formatted: string, direction: Direction): string {
  const bare = formatted.replace(/^[+\u2212-]/, "");
  return direction === "up" ? `up ${bare}` : direction === "down" ? `down ${bare}` : `unchanged ${bare}`;
}

const LABELS: Record<string, string> = {
  taxable: "Taxable",
  traditional_ira: "Traditional IRA",
  roth_ira: "Roth IRA",
  traditional_401k: "Traditional 401(k)",
  roth_401k: "Roth 401(k)",
  hsa: "HSA",
  "529": "529 plan",
  checking: "Checking",
  savings: "Savings",
  tax_deferred: "Tax-deferred",
  tax_free: "Tax-free",
  us_equity: "US stocks",
  intl_developed_equity: "International developed stocks",
  emerging_equity: "Emerging-market stocks",
  tips: "TIPS",
  reit: "REITs",
  us_bond: "US bonds",
  intl_bond: "International bonds",
  cash: "Cash",
  commodity: "Commodities",
  self: "Self",
  spouse: "Spouse",
  joint: "Joint",
  fifo: "FIFO",
  lifo: "LIFO",
  hifo: "HIFO",
  specific: "Specific lots",
  mintax: "Minimum tax",
  average: "Average cost",
  transfer_in: "Transfer in",
  transfer_out: "Transfer out",
};

/** A readable label for an API enum value ("traditional_401k" → "Traditional 401(k)"). */
export function label(value: string | null | undefined): string {
  if (!value) return "Other";
  const known = LABELS[value];
  if (known) return known;
  const words = value.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
