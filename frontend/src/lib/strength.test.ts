import { describe, expect, it } from "vitest";
import { estimateStrength } from "./strength";

describe("passphrase strength", () => {
  it("rates common and short passphrases weak", () => {
    expect(estimateStrength("").level).toBe(0);
    expect(estimateStrength("password").level).toBeLessThanOrEqual(1);
    expect(estimateStrength("aaaaaaaaaaaa").level).toBeLessThanOrEqual(1);
    expect(estimateStrength("Tr0ub4d!").level).toBeLessThanOrEqual(1);
  });

  it("rates several unrelated words strong", () => {
    expect(estimateStrength("correct horse battery staple").level).toBeGreaterThanOrEqual(3);
    expect(estimateStrength("maple-orbit-canyon-velvet-42").label).toBe("Very strong");
  });

  it("explains what to improve", () => {
    expect(estimateStrength("short").hints).toContain("Use at least 10 characters.");
  });
});
