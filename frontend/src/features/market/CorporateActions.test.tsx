import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Proposal } from "./CorporateActions";

const calls = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));

vi.mock("@/api/client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/api/client")>();
  return { ...original, api: calls };
});

const { default: CorporateActions } = await import("./CorporateActions");

const ok = (data: unknown) => Promise.resolve({ data, response: new Response(null, { status: 200 }) });

const DIVIDEND: Proposal = {
  key: "market:dividend:VTI:2024-03-22:Joint Brokerage",
  action: "dividend",
  account: "Joint Brokerage",
  symbol: "VTI",
  date: "2024-03-22",
  quantity: null,
  amount: "91.1",
  status: "confirm",
  reason: "no dividend of VTI recorded within 60 days of the ex-date 2024-03-22",
  note: "dividend 0.911 per share on 100 shares (market data)",
};

const SPLIT: Proposal = {
  key: "market:split:NVDA:2024-06-10:Alex/Sam joint",
  action: "split",
  account: "Alex/Sam joint",
  symbol: "NVDA",
  date: "2024-06-10",
  quantity: "10",
  amount: null,
  status: "confirm",
  reason: "the ledger records a 2-for-1 split on 2024-06-11; the market data say 10-for-1 on 2024-06-10",
  note: "10-for-1 split (market data)",
};

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <CorporateActions />
    </QueryClientProvider>,
  );
}

describe("CorporateActions", () => {
  beforeEach(() => {
    calls.GET.mockReset();
    calls.POST.mockReset();
  });

  it("renders nothing when there is nothing to review", async () => {
    calls.GET.mockReturnValue(ok([]));
    const { container } = renderPanel();
    await waitFor(() => expect(calls.GET).toHaveBeenCalledWith("/api/v1/ledger/proposals"));
    expect(container).toBeEmptyDOMElement();
  });

  it("lists the proposals with formatted amounts and confirms an edited dividend", async () => {
    calls.GET.mockReturnValue(ok([DIVIDEND, SPLIT]));
    calls.POST.mockReturnValue(ok({}));
    renderPanel();
    const card = await screen.findByRole("region", { name: "2 corporate actions to review" });
    expect(card).toHaveTextContent("$91.10");
    expect(card).toHaveTextContent("10-for-1");
    expect(card).toHaveTextContent("Mar 22, 2024");

    const user = userEvent.setup();
    const amount = screen.getByRole("textbox", { name: "Amount received" });
    await user.clear(amount);
    await user.type(amount, "80.92");
    await user.click(screen.getByRole("button", { name: "Confirm Dividend of VTI in Joint Brokerage on Mar 22, 2024" }));
    expect(calls.POST).toHaveBeenCalledWith("/api/v1/ledger/proposals/{key}/confirm", {
      params: { path: { key: DIVIDEND.key } },
      body: { amount: "80.92" },
    });

    await user.click(screen.getByRole("button", { name: "Confirm Split of NVDA in Alex/Sam joint on Jun 10, 2024" }));
    expect(calls.POST).toHaveBeenLastCalledWith("/api/v1/ledger/proposals/{key}/confirm", {
      params: { path: { key: SPLIT.key } },
    });
  });

  it("asks before dismissing for good", async () => {
    calls.GET.mockReturnValue(ok([SPLIT]));
    calls.POST.mockReturnValue(ok(undefined));
    renderPanel();
    await screen.findByRole("region", { name: "1 corporate action to review" });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Dismiss Split of NVDA in Alex/Sam joint on Jun 10, 2024" }));
    expect(calls.POST).not.toHaveBeenCalled();
    await user.click(await screen.findByRole("button", { name: "Dismiss" }));
    expect(calls.POST).toHaveBeenCalledWith("/api/v1/ledger/proposals/{key}/dismiss", {
      params: { path: { key: SPLIT.key } },
    });
  });

  it("refuses an amount that is not a number", async () => {
    calls.GET.mockReturnValue(ok([DIVIDEND]));
    renderPanel();
    const amount = await screen.findByRole("textbox", { name: "Amount received" });
    const user = userEvent.setup();
    await user.clear(amount);
    await user.type(amount, "ninety");
    expect(amount).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("button", { name: /^Confirm Dividend/ })).toBeDisabled();
  });
});
