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

/** Errors the page logs (console.error, failed requests, uncaught exceptions), as they come. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
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
  // Requests done (the live socket does not count) and skeletons gone: the data has arrived.
  await page.waitForLoadState("networkidle");
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
}

/**
 * Scrolls through the page so that what loads only near the screen (the dashboard's value
 * history) loads, then back to the top, and waits for it: for full-page scans and pictures.
 */
export async function revealLazyContent(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const step = Math.max(200, Math.floor(window.innerHeight * 0.8));
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
    window.scrollTo(0, document.documentElement.scrollHeight);
    await new Promise((r) => setTimeout(r, 100));
  });
  await page.waitForLoadState("networkidle");
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  // The chart is drawn once the browser is idle after its chunk arrives.
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 0));
}
