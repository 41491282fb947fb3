// Lighthouse (mobile preset) on the Dashboard and Holdings of a real `nestegg serve` with the
// demo household, 3 runs each in Debian's Chromium (CHROME_PATH); the median of each score
// must reach: performance ≥ 0.90, accessibility ≥ 0.95, best practices ≥ 0.95; the
// Dashboard's median LCP must be under 1.5 s. Reports go to frontend/lighthouse/.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const PAGES = [
  { name: "dashboard", path: "/" },
  { name: "holdings", path: "/holdings" },
];
const THRESHOLDS = { performance: 0.9, accessibility: 0.95, "best-practices": 0.95 };
const DASHBOARD_LCP_MS = 1500;
const OUT = resolve(import.meta.dirname, "../lighthouse");

const freePort = () =>
  new Promise((ok, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function waitFor(url, child) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`nestegg serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url}`);
}

const dir = mkdtempSync(join(tmpdir(), "nestegg-lighthouse-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const bin = process.env.NESTEGG_BIN ?? resolve(import.meta.dirname, "../../.venv/bin/nestegg");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NESTEGG_PASSPHRASE"));
const server = spawn(bin, ["serve", "--port", String(port), "--vault", join(dir, "vault.nestegg")], {
  cwd: dir,
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...env, NESTEGG_QUOTES: env.NESTEGG_QUOTES ?? "replay", NESTEGG_KDF_MEMORY_KIB: "8192", NESTEGG_KDF_TIME_COST: "1", NESTEGG_KDF_PARALLELISM: "1" },
});
let chrome;
let failed = false;
try {
  await waitFor(`${base}/api/v1/health`, server);
  const demo = await fetch(`${base}/api/v1/vault/demo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ passphrase: "lighthouse demo passphrase" }),
  });
  if (demo.status !== 204) throw new Error(`creating the demo vault answered ${demo.status}`);
  const cookie = demo.headers.get("set-cookie").split(";")[0];

  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  mkdirSync(OUT, { recursive: true });
  const summary = {};
  for (const page of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const audit = () =>
        lighthouse(`${base}${page.path}`, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility", "best-practices"],
          extraHeaders: { Cookie: cookie },
        });
      let result = await audit();
      if (result.lhr.runtimeError) {
        // A run Lighthouse itself could not complete (not a low score): one more try.
        console.log(`  ${page.name} run ${i + 1}: ${result.lhr.runtimeError.code}; running it again`);
        result = await audit();
        if (result.lhr.runtimeError) throw new Error(`Lighthouse failed: ${result.lhr.runtimeError.message}`);
      }
      const { categories, audits } = result.lhr;
      runs.push({
        performance: categories.performance.score,
        accessibility: categories.accessibility.score,
        "best-practices": categories["best-practices"].score,
        lcpMs: audits["largest-contentful-paint"].numericValue,
        fcpMs: audits["first-contentful-paint"].numericValue,
        tbtMs: audits["total-blocking-time"].numericValue,
        cls: audits["cumulative-layout-shift"].numericValue,
        failing: Object.values(audits)
          .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
          .map((a) => a.id),
      });
      writeFileSync(join(OUT, `${page.name}-${i + 1}.json`), result.report);
    }
    const med = Object.fromEntries(
      ["performance", "accessibility", "best-practices", "lcpMs", "fcpMs", "tbtMs", "cls"].map((k) => [k, median(runs.map((r) => r[k]))]),
    );
    summary[page.name] = { median: med, runs };
    console.log(
      `lighthouse ${page.name}: performance ${med.performance} accessibility ${med.accessibility} best-practices ${med["best-practices"]} ` +
        `LCP ${Math.round(med.lcpMs)} ms FCP ${Math.round(med.fcpMs)} ms TBT ${Math.round(med.tbtMs)} ms CLS ${med.cls.toFixed(3)} (median of ${RUNS})`,
    );
    const weak = [...new Set(runs.flatMap((r) => r.failing))];
    if (weak.length) console.log(`  audits below 0.9 in some run: ${weak.join(", ")}`);
    for (const [category, minimum] of Object.entries(THRESHOLDS)) {
      if (med[category] < minimum) {
        console.error(`  FAIL: ${page.name} ${category} ${med[category]} < ${minimum}`);
        failed = true;
      }
    }
    if (page.name === "dashboard" && med.lcpMs >= DASHBOARD_LCP_MS) {
      console.error(`  FAIL: dashboard LCP ${Math.round(med.lcpMs)} ms ≥ ${DASHBOARD_LCP_MS} ms`);
      failed = true;
    }
  }
  writeFileSync(join(OUT, "summary.json"), JSON.stringify(summary, null, 2));
} finally {
  if (chrome) await chrome.kill();
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
