import { describe, expect, it } from "vitest";
import { add, compare, dec, div, mul, parseDecimal, percentPointsToRatio, round, sub, sum, toNumber, toString } from "./decimal";

const s = (text: string) => parseDecimal(text);

describe("decimal", () => {
  it("parses and prints exactly", () => {
    for (const text of ["0", "1234.50", "-0.0001", "248098.36", "0.1"]) expect(toString(s(text))).toBe(text);
    expect(toString(s("007.10"))).toBe("7.10");
    expect(() => parseDecimal("1e5")).toThrow();
    expect(() => parseDecimal("")).toThrow();
  });

  it("adds 0.1 + 0.2 to exactly 0.3", () => {
    expect(toString(add(s("0.1"), s("0.2")))).toBe("0.3");
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it("multiplies quantity by price and rounds half to even to cents", () => {
    expect(toString(round(mul(s("97.3829"), s("327.10")), 2))).toBe("31853.95");
    expect(toString(round(s("0.125"), 2))).toBe("0.12");
    expect(toString(round(s("0.135"), 2))).toBe("0.14");
    expect(toString(round(s("-0.125"), 2))).toBe("-0.12");
    expect(toString(round(s("2.5"), 0))).toBe("2");
    expect(toString(round(s("1.5"), 0))).toBe("2");
  });

  it("divides to a scale and refuses zero", () => {
    expect(toString(div(s("1"), s("3"), 4) ?? s("0"))).toBe("0.3333");
    expect(toString(div(s("61720.80"), s("186377.56"), 6) ?? s("0"))).toBe("0.331160");
    expect(div(s("1"), s("0"))).toBeNull();
  });

  it("sums, subtracts and compares", () => {
    expect(toString(sum(["52567.83", "23680.07", "20318.26"].map(dec)))).toBe("96566.16");
    expect(toString(sub(s("10"), s("10.01")))).toBe("-0.01");
    expect(compare(s("1.10"), s("1.1"))).toBe(0);
    expect(compare(s("-2"), s("1"))).toBe(-1);
  });

  it("turns percentage points into a ratio without rounding", () => {
    expect(toString(percentPointsToRatio("1.2345"))).toBe("0.012345");
    expect(toNumber(percentPointsToRatio("-0.5"))).toBe(-0.005);
  });
});
