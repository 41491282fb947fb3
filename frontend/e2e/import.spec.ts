import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, newSignedInPage, shoot, waitForPage } from "./helpers";

const HEADER = "date,account,account_type,owner,action,symbol,quantity,price,amount,fees,lot,note";
const BAD = [
  HEADER,
  "2025-01-02,E2E Brokerage,taxable,self,deposit,,,,5000,,,opening cash",
  "2025-01-03,E2E Brokerage,taxable,self,buy,VTI,ten,250,,,,",
  "2025-13-03,E2E Brokerage,taxable,self,buy,VXUS,10,60,,,,",
].join("\n");

test("import with errors → fix → import", async ({ browser }) => {
  const { context, page } = await newSignedInPage(browser);
  await page.goto("/import");
  await waitForPage(page, "Import");

  await page.getByLabel("Choose a file").setInputFiles({ name: "e2e.csv", mimeType: "text/csv", buffer: Buffer.from(BAD) });
  await expect(page.getByRole("alert").filter({ hasText: "2 problems found" })).toBeVisible();
  const invalid = page.locator('tr[data-invalid="true"]');
  await expect(invalid).toHaveCount(2);
  await expect(invalid.nth(0)).toHaveAttribute("data-line", "3");
  await expect(invalid.nth(1)).toHaveAttribute("data-line", "4");
  await expect(page.getByText("Line 3, quantity:")).toBeVisible();
  await expect(page.getByText("Line 4, date:")).toBeVisible();
  await expectNoAxeViolations(page, "import preview with errors");
  await shoot(page, "import-errors");

  // Fix both rows in the browser and check again.
  await page.getByRole("button", { name: "Fix it here" }).click();
  const editor = page.getByLabel("Contents of e2e.csv");
  await editor.fill(BAD.replace("VTI,ten,250", "VTI,10,250").replace("2025-13-03", "2025-01-03"));
  await page.getByRole("button", { name: "Check again" }).click();
  const summary = page.getByTestId("import-summary");
  await expect(summary).toContainText("To import");
  await expect(summary).toContainText("3");
  await expect(summary).toContainText("E2E Brokerage");
  await expect(page.locator('tr[data-invalid="true"]')).toHaveCount(0);

  await page.getByRole("button", { name: "Import 3 transactions" }).click();
  await expect(page.getByRole("heading", { name: "Import complete" })).toBeVisible();
  await expect(page.getByTestId("import-result")).toContainText("Imported");
  await shoot(page, "import-done");

  await page.getByRole("link", { name: "See holdings" }).click();
  await waitForPage(page, "Holdings");
  await expect(page.getByRole("cell", { name: "E2E Brokerage" }).first()).toBeVisible();
  await context.close();
});
