import { expect, test } from "@playwright/test";
import { PASSPHRASE, VIEWPORTS, expectNoAxeViolations, shoot, waitForPage } from "./helpers";

test("first run → demo household → dashboard → holdings → lots", async ({ browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORTS[0], baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();

  // A deep link on a machine with no vault shows the first-run form.
  await page.goto("/holdings");
  await expect(page.getByRole("heading", { name: "Set up your private vault" })).toBeVisible();
  await expect(page.getByText("A lost passphrase cannot be recovered")).toBeVisible();
  await expectNoAxeViolations(page, "first run");
  await shoot(page, "first-run");
  await page.setViewportSize(VIEWPORTS[1]);
  await shoot(page, "first-run");
  await page.setViewportSize(VIEWPORTS[0]);

  // Validation: a weak passphrase, a mismatch and the missing acknowledgement are all shown.
  await page.getByLabel("Passphrase", { exact: true }).fill("abc");
  await page.getByLabel("Repeat the passphrase").fill("abd");
  await page.getByRole("button", { name: /Create vault/ }).click();
  await expect(page.getByText("Use at least 10 characters.").first()).toBeVisible();
  await expect(page.getByText("The passphrases do not match.")).toBeVisible();
  await expect(page.getByText("Confirm that you understand")).toBeVisible();

  await page.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await expect(page.getByRole("meter", { name: "Passphrase strength" })).toHaveAttribute("aria-valuetext", /strong/i);
  await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
  await page.getByRole("radio", { name: /Demo household/ }).check();
  await page.getByLabel(/I understand that if I lose this passphrase/).check();
  await page.getByRole("button", { name: "Create vault with demo household" }).click();

  // The vault opens at the route that was asked for.
  await waitForPage(page, "Holdings");
  await page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Dashboard" }).click();
  await waitForPage(page, "Dashboard");
  await expect(page.getByTestId("net-worth")).toHaveText(/^\$\d{3},\d{3}\.\d{2}$/);
  await expect(page.getByRole("heading", { name: "Top movers" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "By asset class" })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Holdings" }).click();
  await waitForPage(page, "Holdings");
  const table = page.getByRole("table", { name: /Holdings/ });
  await expect(table.getByRole("rowheader", { name: /VTI/ }).first()).toBeVisible();

  // Sorting by symbol ascending puts AGG first.
  await table.getByRole("button", { name: "Symbol" }).click();
  await expect(table.getByRole("columnheader", { name: "Symbol" })).toHaveAttribute("aria-sort", "ascending");
  await expect(table.locator("tbody tr").first()).toHaveAttribute("data-symbol", "AGG");

  await page.getByRole("button", { name: "Lots of VTI in Joint Brokerage" }).click();
  const dialog = page.getByRole("dialog", { name: "VTI lots in Joint Brokerage" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("columnheader", { name: "Acquired" })).toBeVisible();
  await expect(dialog.getByText("Long-term").first()).toBeVisible();
  expect(await dialog.locator("tbody tr").count()).toBeGreaterThan(1);
  await expectNoAxeViolations(page, "lots dialog");
  await shoot(page, "holdings-lots");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await context.close();
});
