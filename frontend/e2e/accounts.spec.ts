import { expect, test } from "@playwright/test";
import { newSignedInPage, waitForPage } from "./helpers";

test("accounts: create, edit and archive, with validation", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser);
  await page.goto("/accounts");
  await waitForPage(page, "Accounts");
  await expect(page.getByRole("rowheader", { name: /^Joint Brokerage/ }).first()).toBeVisible();

  await page.getByRole("button", { name: "New account" }).click();
  const dialog = page.getByRole("dialog", { name: "New account" });
  await dialog.getByRole("button", { name: "Create account" }).click();
  await expect(dialog.getByText("Enter a name.")).toBeVisible();
  await dialog.getByLabel("Name").fill("Kid 529");
  await dialog.getByLabel("Account type").selectOption("529");
  await dialog.getByRole("button", { name: "Create account" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row", { name: /Kid 529/ });
  await expect(row).toContainText("529 plan");
  await expect(row).toContainText("Tax-free");

  await row.getByRole("button", { name: "Edit Kid 529" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Kid 529" });
  await edit.getByLabel("Name").fill("College 529");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole("row", { name: /College 529/ })).toBeVisible();

  await page.getByRole("button", { name: "Archive College 529" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Archive College 529?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row", { name: /College 529/ })).toHaveCount(0);
  await page.getByLabel("Show archived").check();
  await expect(page.getByRole("row", { name: /College 529/ })).toContainText("Archived");
  await context.close();
});
