import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium (no browser download): global-setup starts a real
 * `nestegg serve` on a free port with a fresh temporary vault. The projects run in order:
 * first run (creates the demo vault) → the app → lock and deep links.
 */
const chrome = {
  ...devices["Desktop Chrome"],
  channel: undefined,
  launchOptions: { executablePath: process.env.CHROME_PATH || "/usr/bin/chromium" },
  viewport: { width: 1280, height: 800 },
};

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  // No retries: the projects share one server and vault, so a retry would not start afresh.
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    ...chrome,
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "app", testMatch: /(dashboard|holdings|import|live|a11y|transactions|accounts)\.spec\.ts/, dependencies: ["first-run"] },
    { name: "lock", testMatch: /lock\.spec\.ts/, dependencies: ["app"] },
  ],
});
