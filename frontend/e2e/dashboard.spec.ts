import { expect, test } from "@playwright/test";
import { VIEWPORTS, collectConsoleErrors, newSignedInPage, signIn, waitForPage } from "./helpers";

test("dashboard: today's change, movers, and the value history as chart and paged table", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser, VIEWPORTS[1]);
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/")) requests.push(new URL(r.url()).pathname);
  });
  await page.goto("/");
  await waitForPage(page, "Dashboard");

  // The first paint comes from /api/v1/holdings alone: no per-symbol price histories.
  await expect(page.getByTestId("net-worth")).toHaveText(/^\$\d{3},\d{3}\.\d{2}$/);
  await expect(page.getByTestId("day-change")).toContainText(/[+−-]\$[\d,]+\.\d{2}/);
  const movers = page.getByRole("table", { name: /moved most/ });
  await expect(movers.locator("tbody tr")).toHaveCount(5);
  expect(requests.filter((p) => p.startsWith("/api/v1/prices/"))).toEqual([]);
  // The history is below the fold on a phone: not asked for until it comes into view.
  expect(requests).not.toContain("/api/v1/performance/history");

  const card = page.locator("section", { has: page.getByRole("heading", { name: "Value history" }) });
  await card.scrollIntoViewIfNeeded();
  await expect(card.getByText("Net contributions").first()).toBeVisible();
  await expect(card.getByText("VTI benchmark").first()).toBeVisible();
  await expect(card.locator(".recharts-surface")).toBeVisible();
  expect(requests.filter((p) => p === "/api/v1/performance/history")).toHaveLength(1);

  await card.getByRole("button", { name: "View as table" }).click();
  const table = card.getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText(["Date", "Value", "Net contributions", "VTI benchmark"]);
  await expect(table.locator("tbody tr")).toHaveCount(20);
  const pages = card.getByRole("navigation", { name: "Value history pages" });
  await expect(pages).toContainText(/Rows 1–20 of \d{3}/);
  const newest = await table.locator("tbody tr").first().textContent();
  await pages.getByRole("button", { name: "Older" }).click();
  await expect(pages).toContainText(/Rows 21–40 of/);
  expect(await table.locator("tbody tr").first().textContent()).not.toBe(newest);

  // Ranges slice the same answer: no new request.
  await card.getByRole("group", { name: "Period" }).getByRole("button", { name: "3M" }).click();
  await expect(card.getByRole("button", { name: "3M" })).toHaveAttribute("aria-pressed", "true");
  await expect(pages).toContainText(/Rows 1–20 of \d{2}(?!\d)/);
  expect(requests.filter((p) => p === "/api/v1/performance/history")).toHaveLength(1);
  await card.getByRole("button", { name: "View as chart" }).click();
  await expect(card.locator(".recharts-surface")).toBeVisible();
  await context.close();
});

test("a signed-in load paints the prerendered page before any script, then the app takes over", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser, VIEWPORTS[1]);
  const errors = collectConsoleErrors(page);
  // With JavaScript held back, what shows is the HTML alone.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/assets/*.js", async (route) => {
    await held;
    await route.continue();
  });
  const response = await page.goto("/", { waitUntil: "domcontentloaded" });
  expect(response?.headers()["x-nestegg-prerendered"]).toBe("dashboard");
  await expect(page).toHaveTitle("Dashboard · Nestegg");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Your net worth, today's change and allocation")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Holdings" })).toBeVisible();
  await expect(page.getByTestId("net-worth")).toHaveCount(0);

  release();
  await expect(page.getByTestId("net-worth")).toHaveText(/^\$\d{3},\d{3}\.\d{2}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Holdings" }).click();
  await waitForPage(page, "Holdings");
  expect(errors).toEqual([]);

  // Locked, the same address gets the plain page and the unlock form.
  await context.request.post("/api/v1/vault/lock");
  await page.unroute("**/assets/*.js");
  const locked = await page.goto("/");
  expect(locked?.headers()["x-nestegg-prerendered"]).toBeUndefined();
  await expect(page.getByLabel("Passphrase")).toBeVisible();
  await signIn(context);
  await context.close();
});
