import { describe, expect, it } from "vitest";
import { readCsv } from "./csv";

describe("readCsv", () => {
  it("reads quoted cells and keeps physical line numbers", () => {
    const rows = readCsv('a,b,c\n1,"two, too",3\r\n4,"multi\nline",6\n\n7,8,9');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 6]);
    expect(rows[1]!.cells).toEqual(["1", "two, too", "3"]);
    expect(rows[2]!.cells[1]).toBe("multi\nline");
    expect(rows[3]!.cells).toEqual(["7", "8", "9"]);
  });

  it("unescapes doubled quotes and drops a byte-order mark", () => {
    expect(readCsv('\uFEFFnote\n"say ""hi"""')[1]!.cells).toEqual(['say "hi"']);
  });
});
