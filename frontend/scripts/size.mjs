// Initial JavaScript of the built app, gzipped: the scripts index.html loads (entry and
// modulepreloads) and, separately, what the Dashboard route adds. Fails above the budget.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const dist = resolve(import.meta.dirname, "../../backend/src/nestegg/app/web/dist");
const BUDGET = 250 * 1024;
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]))];
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

let total = 0;
for (const file of initial) total += gz(file);

// The dashboard chunk and the chunks it imports statically (what "/" needs to render).
const seen = new Set(initial);
const entry = initial[0];
const entrySource = readFileSync(join(dist, entry), "utf8");
const dashboard = /assets\/DashboardPage-[\w-]+\.js/.exec(entrySource)?.[0];
let route = 0;
const queue = dashboard ? [`/${dashboard}`] : [];
while (queue.length) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  route += gz(file);
  const source = readFileSync(join(dist, file), "utf8");
  for (const m of source.matchAll(/from\s*"\.\/([\w-]+\.js)"/g)) queue.push(`/assets/${m[1]}`);
}
const css =
  [...html.matchAll(/href="(\/assets\/[^"]+\.css)"/g)].reduce((n, m) => n + gz(m[1]), 0) +
  [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].reduce((n, m) => n + gzipSync(m[1], { level: 9 }).length, 0);
console.log(`initial JS (index.html): ${kb(total)} gzipped in ${initial.length} files; CSS ${kb(css)} (inlined in index.html)`);
console.log(`initial JS for the dashboard (with its route chunks): ${kb(total + route)} gzipped (budget ${kb(BUDGET)})`);
if (total + route > BUDGET) {
  console.error("over the 250 kB budget");
  process.exit(1);
}
