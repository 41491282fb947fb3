import { expect, test } from "@playwright/test";
import {
  ROUTES,
  VIEWPORTS,
  collectConsoleErrors,
  expectNoAxeViolations,
  newSignedInPage,
  revealLazyContent,
  shoot,
  waitForPage,
} from "./helpers";

for (const scheme of ["light", "dark"] as const) {
  test(`every page passes axe (WCAG 2.1 A/AA), ${scheme} theme, and is photographed`, async ({ browser }) => {
    for (const viewport of VIEWPORTS) {
      const { context, page } = await newSignedInPage(browser, viewport);
      const errors = collectConsoleErrors(page);
      await page.emulateMedia({ colorScheme: scheme });
      for (const route of ROUTES) {
        await page.goto(route.path);
        await waitForPage(page, route.heading);
        await revealLazyContent(page);
        // Nothing may widen the page (wide tables scroll inside their own region).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${route.path} at ${viewport.width}px scrolls sideways`).toBeLessThanOrEqual(0);
        if (viewport.width === VIEWPORTS[0].width) await expectNoAxeViolations(page, `${route.path} (${scheme})`);
        await shoot(page, `${route.name}-${scheme}`);
      }
      // A clean console: no failed request, no React warning, no socket error.
      expect(errors, "console errors").toEqual([]);
      await context.close();
    }
  });
}

test("the unlock form passes axe and has a password field", async ({ browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORTS[1], baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  // The dashboard's address: index.html would ask for the holdings if signed in.
  await page.goto("/");
  const field = page.getByLabel("Passphrase");
  await expect(field).toHaveAttribute("type", "password");
  await expectNoAxeViolations(page, "unlock");
  // A locked vault is asked nothing but its status: no 401 in the console.
  expect(errors, "console errors on the unlock form").toEqual([]);
  await shoot(page, "unlock");
  await context.close();
});

test("keyboard: skip link, search (Ctrl+K) and navigation", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser);
  await page.goto("/");
  await waitForPage(page, "Dashboard");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Control+k");
  const search = page.getByRole("combobox", { name: "Search symbols and accounts" });
  await expect(search).toBeFocused();
  await search.fill("vxus");
  await expect(page.getByRole("option", { name: /VXUS/ })).toBeVisible();
  await page.keyboard.press("Enter");
  await waitForPage(page, "Holdings");
  await expect(page).toHaveURL(/\/holdings\?q=VXUS/);
  await expect(page.getByRole("table", { name: /Holdings/ }).locator("tbody tr[data-symbol]")).toHaveCount(4);
  await context.close();
});
