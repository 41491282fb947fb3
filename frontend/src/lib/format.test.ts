import { describe, expect, it } from "vitest";
import { describeChange, directionOf, formatDate, formatMoney, formatPercent, formatPrice, formatQuantity, label } from "./format";

describe("format", () => {
  it("formats money from exact strings", () => {
    expect(formatMoney("248098.36")).toBe("$248,098.36");
    expect(formatMoney("12345678901234.57")).toBe("$12,345,678,901,234.57");
    expect(formatMoney("-873.61")).toBe("-$873.61");
    expect(formatMoney("1234.5", { whole: true })).toBe("$1,235");
    expect(formatMoney("248098.36", { compact: true })).toBe("$248.1K");
  });

  it("signs gains and losses", () => {
    expect(formatMoney("326.22", { signed: true })).toBe("+$326.22");
    expect(formatMoney("-143.71", { signed: true })).toBe("-$143.71");
    expect(formatMoney("0", { signed: true })).toBe("$0.00");
    expect(formatPercent("0.0013", { signed: true })).toBe("+0.13%");
    expect(formatPercent("-0.0372", { signed: true })).toBe("-3.72%");
  });

  it("formats percents, prices and quantities", () => {
    expect(formatPercent("0.6446968006731053757157913454", { digits: 1 })).toBe("64.5%");
    expect(formatPrice("327.1")).toBe("$327.10");
    expect(formatPrice("0.1234")).toBe("$0.1234");
    expect(formatQuantity("97.3829")).toBe("97.3829");
    expect(formatQuantity("20318.26")).toBe("20,318.26");
  });

  it("formats ISO dates without a time-zone shift", () => {
    expect(formatDate("2025-09-29")).toBe("Sep 29, 2025");
    expect(formatDate("2025-01-01")).toBe("Jan 1, 2025");
  });

  it("describes direction in words", () => {
    expect(directionOf("-0.01")).toBe("down");
    expect(directionOf("0")).toBe("flat");
    expect(directionOf("5")).toBe("up");
    expect(describeChange("+$12.30", "up")).toBe("up $12.30");
    expect(describeChange("-1.20%", "down")).toBe("down 1.20%");
  });

  it("labels API enums", () => {
    expect(label("traditional_401k")).toBe("Traditional 401(k)");
    expect(label("us_equity")).toBe("US stocks");
    expect(label("transfer_in")).toBe("Transfer in");
    expect(label("something_new")).toBe("Something new");
  });
});
