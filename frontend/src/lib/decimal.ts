/**
 * Exact decimal arithmetic for money that arrives as strings ("1234.50").
 *
 * Values the user reads as exact (market value = quantity × live price, sums of account
 * values, gains) are computed here on BigInt, never on floats. `toNumber` exists only for
 * drawing charts and for Intl formatting of ratios.
 */

export interface Decimal {
  /** The unscaled integer: value = coefficient / 10^scale. */
  readonly coefficient: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export const ZERO: Decimal = { coefficient: 0n, scale: 0 };

export function parseDecimal(text: string): Decimal {
  const trimmed = text.trim();
  const match = DECIMAL_RE.exec(trimmed);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  }
  const [, sign, whole = "", fraction = ""] = match;
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, "") || "0";
  const coefficient = BigInt(digits) * (sign === "-" ? -1n : 1n);
  return { coefficient, scale: fraction.length };
}

export function isDecimalText(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text.trim());
}

export function dec(value: Decimal | string | null | undefined): Decimal {
  if (value == null) return ZERO;
  return typeof value === "string" ? parseDecimal(value) : value;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.coefficient * pow10(scale - a.scale), b.coefficient * pow10(scale - b.scale), scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { coefficient: x + y, scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { coefficient: x - y, scale };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { coefficient: a.coefficient * b.coefficient, scale: a.scale + b.scale };
}

export function neg(a: Decimal): Decimal {
  return { coefficient: -a.coefficient, scale: a.scale };
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
}

/** Integer division rounded half to even (banker's rounding, as Python's Decimal default). */
function divRoundHalfEven(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const away = n < 0n ? q - 1n : q + 1n;
  if (twice > d) return away;
  if (twice < d) return q;
  return q % 2n === 0n ? q : away;
}

/** Round to `scale` digits after the point, half to even. */
export function round(a: Decimal, scale: number): Decimal {
  if (a.scale <= scale) {
    return { coefficient: a.coefficient * pow10(scale - a.scale), scale };
  }
  return { coefficient: divRoundHalfEven(a.coefficient, pow10(a.scale - scale)), scale };
}

/** a / b rounded half to even to `scale` digits; null when b is zero. */
export function div(a: Decimal, b: Decimal, scale = 10): Decimal | null {
  if (b.coefficient === 0n) return null;
  // a/b = (ca / 10^sa) / (cb / 10^sb) = ca * 10^(sb + scale - sa) / cb, over 10^scale
  const shift = b.scale + scale - a.scale;
  const numerator = shift >= 0 ? a.coefficient * pow10(shift) : a.coefficient;
  const denominator = shift >= 0 ? b.coefficient : b.coefficient * pow10(-shift);
  return { coefficient: divRoundHalfEven(numerator, denominator), scale };
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sign(a: Decimal): -1 | 0 | 1 {
  return a.coefficient < 0n ? -1 : a.coefficient > 0n ? 1 : 0;
}

export function toString(a: Decimal): string {
  const negative = a.coefficient < 0n;
  const digits = (negative ? -a.coefficient : a.coefficient).toString();
  if (a.scale === 0) return `${negative ? "-" : ""}${digits}`;
  const padded = digits.padStart(a.scale + 1, "0");
  const whole = padded.slice(0, padded.length - a.scale);
  const fraction = padded.slice(padded.length - a.scale);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** For charts and ratio formatting only: a float loses exactness. */
export function toNumber(a: Decimal | string): number {
  return Number(typeof a === "string" ? a : toString(a));
}

/** "1.25" percentage points → 0.0125 as a ratio (exact: the point moves two places). */
export function percentPointsToRatio(points: Decimal | string): Decimal {
  const d = dec(points);
  return { coefficient: d.coefficient, scale: d.scale + 2 };
}
