import { describe, expect, it } from "vitest";
import { cn } from "./cn";

describe("cn", () => {
  it("joins like clsx", () => {
    expect(cn("a", false, null, undefined, ["b", { c: true, d: false }])).toBe("a b c");
  });

  it("lets a later utility of the same kind replace an earlier one (the overrides this app uses)", () => {
    // Button (size default) with the header search's override.
    expect(cn("h-10 px-4 py-2 justify-center text-foreground", "ml-auto h-9 justify-start text-muted-foreground")).toBe(
      "px-4 py-2 ml-auto h-9 justify-start text-muted-foreground",
    );
    // Icon button made smaller: size replaces width and height.
    expect(cn("h-10 w-10", "size-8")).toBe("size-8");
    // The live badge in the holdings table.
    expect(cn("rounded-full border px-2 py-0.5 text-xs font-medium", "px-1 py-0 text-[10px]")).toBe(
      "rounded-full border font-medium px-1 py-0 text-[10px]",
    );
    // A card header laid out as a row.
    expect(cn("flex flex-col gap-1 p-4 pb-2 sm:p-5 sm:pb-2", "flex-row flex-wrap items-start justify-between gap-2")).toBe(
      "flex p-4 pb-2 sm:p-5 sm:pb-2 flex-row flex-wrap items-start justify-between gap-2",
    );
    // Conditional tones.
    expect(cn("bg-card text-muted-foreground", true && "bg-primary/5 text-foreground")).toBe("bg-primary/5 text-foreground");
  });

  it("keeps different kinds and different variants apart", () => {
    expect(cn("text-sm text-muted-foreground text-right")).toBe("text-sm text-muted-foreground text-right");
    expect(cn("h-10 sm:h-12", "h-9")).toBe("sm:h-12 h-9");
    expect(cn("p-4", "px-2")).toBe("p-4 px-2");
    expect(cn("px-2", "p-4")).toBe("p-4");
    expect(cn("has-[:focus-visible]:ring-2 [&_svg]:size-4", "[&_svg]:size-5")).toBe("has-[:focus-visible]:ring-2 [&_svg]:size-5");
    expect(cn("font-medium", "font-semibold")).toBe("font-semibold");
    expect(cn("text-sm", "text-2xl")).toBe("text-2xl");
    expect(cn("inline-flex", "hidden")).toBe("hidden");
    expect(cn("-mx-1 mx-2")).toBe("mx-2");
  });
});
