import { expect, test } from "@playwright/test";
import { newSignedInPage, waitForPage } from "./helpers";

test("transactions: virtual table, filters, add with validation, edit, delete", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser);
  await page.goto("/transactions");
  await waitForPage(page, "Transactions");
  const table = page.getByRole("table", { name: "Transactions" });
  const total = Number(await table.getAttribute("aria-rowcount")) - 1;
  expect(total).toBeGreaterThan(2000);
  // Virtualized: only the rows in view are in the DOM.
  expect(await table.getByRole("row").count()).toBeLessThan(80);
  // Scrolling to the end loads the last page.
  await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(table.locator(`[aria-rowindex="${total + 1}"]`).getByRole("cell").first()).not.toBeEmpty();

  await page.getByLabel("Action", { exact: true }).selectOption("sell");
  await expect(page).toHaveURL(/action=sell/);

  await page.getByRole("button", { name: "Add transaction" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a transaction" });
  await dialog.getByLabel("Account", { exact: true }).selectOption("Joint Brokerage");
  await dialog.getByLabel("Action", { exact: true }).selectOption("buy");
  await dialog.getByLabel("Quantity").fill("-3");
  await dialog.getByRole("button", { name: "Add transaction" }).click();
  await expect(dialog.getByText("A symbol is required for buy.")).toBeVisible();
  await expect(dialog.getByText(/Enter a number such as 12.50/)).toBeVisible();
  await dialog.getByLabel("Symbol").fill("bnd");
  await dialog.getByLabel("Quantity").fill("3");
  await dialog.getByLabel("Price").fill("74.10");
  await dialog.getByLabel("Date").fill("2025-09-30");
  await dialog.getByLabel("Note").fill("e2e buy");
  await dialog.getByRole("button", { name: "Add transaction" }).click();
  await expect(dialog).toBeHidden();

  await page.getByLabel("Action", { exact: true }).selectOption("buy");
  await page.getByLabel("Symbol", { exact: true }).fill("BND");
  await page.getByLabel("Symbol", { exact: true }).press("Enter");
  const row = table.getByRole("row", { name: /e2e buy/ });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: /^Edit/ }).click();
  const edit = page.getByRole("dialog", { name: "Edit the transaction" });
  await edit.getByLabel("Note").fill("e2e buy, edited");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(table.getByRole("row", { name: /e2e buy, edited/ })).toBeVisible();

  await table.getByRole("row", { name: /e2e buy, edited/ }).getByRole("button", { name: /^Delete/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(table.getByRole("row", { name: /e2e buy, edited/ })).toHaveCount(0);
  await context.close();
});
