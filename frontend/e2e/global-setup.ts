import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

async function waitFor(url: string, server: ChildProcess, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`nestegg serve exited with ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nestegg serve did not answer ${url} within ${ms} ms`);
}

/** Starts `nestegg serve` with a fresh vault; the returned function stops it. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // Iterating on tests against a server you started (and a vault past first run).
  if (process.env.E2E_BASE_URL) return async () => {};
  const dir = mkdtempSync(join(tmpdir(), "nestegg-e2e-"));
  const port = await freePort();
  const bin = process.env.NESTEGG_BIN ?? resolve(import.meta.dirname, "../../.venv/bin/nestegg");
  const server = spawn(bin, ["serve", "--host", "127.0.0.1", "--port", String(port), "--vault", join(dir, "vault.nestegg")], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "NESTEGG_PASSPHRASE")),
      NESTEGG_QUOTES: process.env.NESTEGG_QUOTES ?? "replay",
      NESTEGG_REPLAY_INTERVAL: process.env.NESTEGG_REPLAY_INTERVAL ?? "0.5",
      // Key derivation is tested in the backend; here a cheap one keeps the suite fast.
      NESTEGG_KDF_MEMORY_KIB: "8192",
      NESTEGG_KDF_TIME_COST: "1",
      NESTEGG_KDF_PARALLELISM: "1",
    },
  });
  const base = `http://127.0.0.1:${port}`;
  process.env.E2E_BASE_URL = base;
  await waitFor(`${base}/api/v1/health`, server);
  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (server.exitCode === null) server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
}
