import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, type Page, expect } from "@playwright/test";

export const PASSPHRASE = process.env.E2E_PASSPHRASE ?? "correct horse battery staple";
export const ROUTES = [
  { path: "/", name: "dashboard", heading: "Dashboard" },
  { path: "/accounts", name: "accounts", heading: "Accounts" },
  { path: "/holdings", name: "holdings", heading: "Holdings" },
  { path: "/transactions", name: "transactions", heading: "Transactions" },
  { path: "/import", name: "import", heading: "Import" },
] as const;
export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

const SHOTS = resolve(import.meta.dirname, "../screenshots");

export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png`, fullPage: true });
}

/** Signs this context in through the API (the unlock form itself is tested elsewhere). */
export async function signIn(context: BrowserContext): Promise<void> {
  const response = await context.request.post("/api/v1/vault/unlock", { data: { passphrase: PASSPHRASE } });
  expect(response.status()).toBe(204);
}

export async function newSignedInPage(browser: Browser, viewport: { width: number; height: number } = VIEWPORTS[0]) {
  // @axe-core/playwright needs a page from browser.newContext().
  const context = await browser.newContext({ viewport, baseURL: process.env.E2E_BASE_URL });
  await signIn(context);
  const page = await context.newPage();
  return { context, page };
}

/** WCAG 2.1 A and AA rules: the page must have none broken. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
  }));
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

export async function waitForPage(page: Page, heading: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  // Skeletons gone: the page's data has arrived.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
}
