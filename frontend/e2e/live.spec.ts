import { expect, test } from "@playwright/test";
import { newSignedInPage, waitForPage } from "./helpers";

test("a live price update is visible within a second of the push", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser);
  await page.goto("/holdings");
  await waitForPage(page, "Holdings");

  const status = page.locator("[data-connection]").first();
  const opened = await expect(status)
    .toHaveAttribute("data-connection", "open", { timeout: 8_000 })
    .then(() => true)
    .catch(() => false);
  test.skip(!opened, "the server's /api/v1/ws endpoint is not available (see docs/web.md)");

  const price = page.getByTestId("price-VTI").first();
  await expect(price).toContainText("Live", { timeout: 10_000 });
  const before = await price.textContent();
  await expect.poll(async () => price.textContent(), { timeout: 15_000 }).not.toBe(before);
  await expect(page.getByTestId("price-announcer")).toContainText(/Prices updated/, { timeout: 35_000 });
  await context.close();
});
