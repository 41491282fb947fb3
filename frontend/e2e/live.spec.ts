import { expect, test } from "@playwright/test";
import { newSignedInPage, waitForPage } from "./helpers";

// The e2e server replays quotes every 0.5 s (NESTEGG_QUOTES=replay, NESTEGG_REPLAY_INTERVAL in
// global-setup.ts), so a live update must show within a second or two of the connection.
test("a live price update is visible within a second of the push", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser);
  await page.goto("/holdings");
  await waitForPage(page, "Holdings");

  const status = page.locator("[data-connection]").first();
  await expect(status).toHaveAttribute("data-connection", "open", { timeout: 8_000 });

  const price = page.getByTestId("price-VTI").first();
  await expect(price).toContainText("Live", { timeout: 5_000 });
  const before = await price.textContent();
  await expect.poll(async () => price.textContent(), { timeout: 5_000 }).not.toBe(before);
  await expect(page.getByTestId("price-announcer")).toContainText(/Prices updated/, { timeout: 35_000 });

  // The dashboard follows the pushed portfolio value: live badge, net worth and today's change.
  await page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Dashboard" }).click();
  await waitForPage(page, "Dashboard");
  await expect(page.getByText("Live", { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId("day-change")).toContainText("Today", { timeout: 5_000 });
  const worth = page.getByTestId("net-worth");
  const first = await worth.textContent();
  await expect.poll(async () => worth.textContent(), { timeout: 10_000 }).not.toBe(first);
  await context.close();
});
