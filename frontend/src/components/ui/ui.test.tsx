import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Allocation } from "@/components/data/Allocation";
import { PassphraseStrength } from "@/features/vault/PassphraseStrength";
import { dec } from "@/lib/decimal";
import { Change } from "./change";

describe("Change", () => {
  it("shows a gain with a sign and says it in words", () => {
    render(<Change value="326.22" />);
    expect(screen.getByText("+$326.22")).toBeInTheDocument();
    expect(screen.getByText("up $326.22")).toHaveClass("sr-only");
  });

  it("shows a loss with a sign, not by colour alone", () => {
    const { container } = render(<Change value="-0.0372" kind="percent" />);
    expect(screen.getByText("-3.72%")).toBeInTheDocument();
    expect(screen.getByText("down 3.72%")).toBeInTheDocument();
    expect(container.querySelector("svg")).not.toBeNull();
  });

  it("shows a dash when there is no value", () => {
    render(<Change value={null} />);
    expect(screen.getByText("—")).toBeInTheDocument();
  });
});

describe("PassphraseStrength", () => {
  it("is a meter with a text value", () => {
    render(<PassphraseStrength passphrase="correct horse battery staple" />);
    const meter = screen.getByRole("meter", { name: "Passphrase strength" });
    expect(meter).toHaveAttribute("aria-valuetext", expect.stringMatching(/strong/i));
  });

  it("guides before anything is typed", () => {
    render(<PassphraseStrength passphrase="" />);
    expect(screen.getByRole("meter")).toHaveAttribute("aria-valuetext", "No passphrase yet");
  });
});

describe("Allocation", () => {
  it("is a table: the legend and the text alternative", () => {
    render(
      <Allocation
        caption="Allocation by asset class"
        slices={[
          { key: "us_equity", value: dec("159948.22"), weight: dec("0.6447") },
          { key: "cash", value: dec("22351.85"), weight: dec("0.0901") },
        ]}
      />,
    );
    const table = screen.getByRole("table", { name: "Allocation by asset class" });
    expect(table).toHaveTextContent("US stocks$159,94864.5%");
    expect(screen.getByRole("rowheader", { name: "Cash" })).toBeInTheDocument();
  });
});

describe("Segmented", () => {
  it("is a labelled group of toggle buttons; arrows, Home and End move and choose", async () => {
    const { Segmented } = await import("./segmented");
    const { useState } = await import("react");
    const { default: userEvent } = await import("@testing-library/user-event");
    const options = [
      { value: "a", label: "3M" },
      { value: "b", label: "1Y" },
      { value: "c", label: "Max" },
    ] as const;
    function Harness() {
      const [value, setValue] = useState<"a" | "b" | "c">("b");
      return <Segmented label="Period" value={value} onChange={setValue} options={options} />;
    }
    render(<Harness />);
    const group = screen.getByRole("group", { name: "Period" });
    expect(group).toBeInTheDocument();
    const button = (name: string) => screen.getByRole("button", { name });
    expect(button("1Y")).toHaveAttribute("aria-pressed", "true");
    const user = userEvent.setup();
    await user.click(button("3M"));
    expect(button("3M")).toHaveAttribute("aria-pressed", "true");
    expect(button("1Y")).toHaveAttribute("aria-pressed", "false");
    await user.keyboard("{ArrowRight}");
    expect(button("1Y")).toHaveAttribute("aria-pressed", "true");
    expect(button("1Y")).toHaveFocus();
    await user.keyboard("{End}");
    expect(button("Max")).toHaveAttribute("aria-pressed", "true");
  });
});
