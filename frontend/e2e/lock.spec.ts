import { expect, test } from "@playwright/test";
import { PASSPHRASE, newSignedInPage, waitForPage } from "./helpers";

test("lock → the unlock form at the same route → unlock returns there", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser);
  await page.goto("/accounts?archived=true");
  await waitForPage(page, "Accounts");
  await page.getByRole("button", { name: "Lock Nestegg" }).click();
  const field = page.getByLabel("Passphrase");
  await expect(field).toBeVisible();
  await expect(page).toHaveURL(/\/accounts\?archived=true/);

  await field.fill("not the passphrase");
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect(page.getByText("That passphrase did not open the vault.")).toBeVisible();
  await field.fill(PASSPHRASE);
  await page.getByRole("button", { name: "Unlock" }).click();
  await waitForPage(page, "Accounts");
  await expect(page.getByLabel("Show archived")).toBeChecked();

  // Deep links answer the app; an unknown page says so.
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await context.close();
});
