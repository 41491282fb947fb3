import { describe, expect, it } from "vitest";
import { transactionSchema } from "./TransactionForm";

const base = { date: "2025-09-30", account: "Joint Brokerage", symbol: "", quantity: "", price: "", amount: "", fees: "", note: "" };

function problems(values: Record<string, string>) {
  const result = transactionSchema.safeParse({ ...base, ...values });
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("transaction validation", () => {
  it("asks a buy for symbol, quantity and price", () => {
    expect(problems({ action: "buy" })).toEqual({
      symbol: "A symbol is required for buy.",
      quantity: "Enter the quantity.",
      price: "Enter the price (or the amount).",
    });
    expect(problems({ action: "buy", symbol: "VTI", quantity: "3", price: "74.10" })).toEqual({});
  });

  it("asks cash actions for a positive amount", () => {
    expect(problems({ action: "deposit" })).toEqual({ amount: "Enter the amount." });
    expect(problems({ action: "deposit", amount: "0" })).toEqual({ amount: "Must be greater than zero." });
  });

  it("refuses signs, words and bad symbols", () => {
    const found = problems({ action: "buy", symbol: "V T I", quantity: "-3", price: "ten" });
    expect(found.symbol).toMatch(/letters, digits/);
    expect(found.quantity).toMatch(/no sign/);
    expect(found.price).toMatch(/such as 12.50/);
  });
});
