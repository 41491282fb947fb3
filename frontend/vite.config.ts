/// <reference types="vitest/config" />
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { type Plugin, createServer, defineConfig } from "vite";

const OUT_DIR = resolve(import.meta.dirname, "../backend/src/nestegg/app/web/dist");
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const ALIAS = { "@": resolve(import.meta.dirname, "src") };
const ROOT_TAG = '<div id="root"></div>';

interface PrerenderModule {
  PRERENDERED: Record<string, { file: string; title: string }>;
  render(path: string): Promise<string>;
}

/**
 * A prerendered page is on screen from its HTML alone, so its code is asked for once that
 * first frame is painted rather than alongside it: the module script and its preloads leave
 * <head> and a small script at the end of <body> adds them after the first animation frame
 * (or after 300 ms, whichever comes first). On a slow phone the page's frame then paints
 * without waiting on ~100 kB of script competing for the network; the script starts one frame
 * later.
 */
function codeAfterFirstPaint(html: string): string {
  const entry = /\s*<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"><\/script>/.exec(html);
  if (!entry) throw new Error("index.html has no module script");
  const preloads = [...html.matchAll(/\s*<link rel="modulepreload" crossorigin href="(\/assets\/[^"]+\.js)">/g)];
  let out = html.replace(entry[0], "");
  for (const match of preloads) out = out.replace(match[0], "");
  const urls = JSON.stringify(preloads.map((m) => m[1]).filter((url) => url !== entry[1]));
  const loader =
    "<script>(function(){var done=false;function go(){if(done)return;done=true;" +
    `${urls}.forEach(function(u){var l=document.createElement("link");l.rel="modulepreload";l.crossOrigin="";l.href=u;document.head.appendChild(l);});` +
    `var s=document.createElement("script");s.type="module";s.crossOrigin="";s.src=${JSON.stringify(entry[1])};document.head.appendChild(s);}` +
    "requestAnimationFrame(function(){setTimeout(go,0);});setTimeout(go,300);})();</script>";
  return out.replace("</body>", `    ${loader}\n  </body>`);
}

/**
 * Renders the pages src/prerender.tsx lists into dist/prerender/<file> (the built index.html
 * with the page inside #root, its title, and a mark for the inline script that the session is
 * open), and dist/prerender/routes.json for the server (web/static.py).
 */
async function prerenderPages(): Promise<void> {
  const template = readFileSync(join(OUT_DIR, "index.html"), "utf8");
  if (!template.includes(ROOT_TAG)) throw new Error(`index.html has no ${ROOT_TAG}`);
  // The pages start their requests while rendering; here they never answer, so the markup
  // is the first frame's (data loading).
  const realFetch = globalThis.fetch;
  globalThis.fetch = () => new Promise<Response>(() => {});
  const server = await createServer({
    configFile: false,
    root: import.meta.dirname,
    resolve: { alias: ALIAS },
    plugins: [react()],
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: "custom",
    logLevel: "error",
  });
  try {
    const page = (await server.ssrLoadModule("/src/prerender.tsx")) as PrerenderModule;
    const folder = join(OUT_DIR, "prerender");
    mkdirSync(folder, { recursive: true });
    const routes: Record<string, string> = {};
    for (const [path, { file, title }] of Object.entries(page.PRERENDERED)) {
      const body = await page.render(path);
      const html = template
        .replace("<title>Nestegg</title>", `<title>${title} · Nestegg</title>`)
        .replace('<meta charset="UTF-8" />', '<meta charset="UTF-8" />\n    <meta name="nestegg:signed-in" content="1" />')
        .replace(ROOT_TAG, `<div id="root">${body}</div>`);
      writeFileSync(join(folder, file), codeAfterFirstPaint(html));
      routes[path] = file;
    }
    writeFileSync(join(folder, "routes.json"), JSON.stringify(routes, null, 2));
  } finally {
    await server.close();
    globalThis.fetch = realFetch;
  }
}

/**
 * After the build: prerenders the first pages (above), then writes .br and .gz beside every
 * compressible file; nestegg serves them with Content-Encoding when the browser accepts it
 * (web/static.py).
 */
function postBuild(): Plugin {
  return {
    name: "nestegg-post-build",
    apply: "build",
    async closeBundle() {
      await prerenderPages();
      for (const file of walk(OUT_DIR)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 512) continue;
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
        );
      }
    },
  };
}

/**
 * Emits sw.js from sw/sw.js with the app shell's files (index.html, the entry chunk, its
 * static imports, the manifest and icons) and a version that changes with them. Runs after
 * the HTML is written, so a stylesheet inlined into it is not listed.
 */
function serviceWorker(): Plugin {
  return {
    name: "nestegg-service-worker",
    apply: "build",
    enforce: "post",
    generateBundle(_, bundle) {
      const shell = new Set<string>(["/", "/manifest.webmanifest", "/icon.svg", "/icon-192.png"]);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === "chunk" && chunk.isEntry) {
          shell.add(`/${chunk.fileName}`);
          for (const name of chunk.imports) shell.add(`/${name}`);
          for (const css of chunk.viteMetadata?.importedCss ?? []) if (css in bundle) shell.add(`/${css}`);
        }
      }
      const list = [...shell].sort();
      const version = createHash("sha256").update(list.join("\n")).digest("hex").slice(0, 12);
      const template = readFileSync(resolve(import.meta.dirname, "sw/sw.js"), "utf8");
      this.emitFile({
        type: "asset",
        fileName: "sw.js",
        source: template.replace("__SHELL__", JSON.stringify(list)).replace("__VERSION__", version),
      });
    },
  };
}

/**
 * The critical path of the first load: the stylesheet (7 kB compressed, all of it needed for
 * the first paint) is inlined into index.html instead of being a render-blocking request, and
 * the entry chunk and its static imports are preloaded from the top of <head>, before
 * anything else is parsed.
 */
function criticalPath(): Plugin {
  return {
    name: "nestegg-critical-path",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        let out = html.replace(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g, (tag, file: string) => {
          const asset = bundle[file];
          if (!asset || asset.type !== "asset") return tag;
          delete bundle[file];
          return `<style>${String(asset.source).replace(/<\/style/gi, "<\\/style")}</style>`;
        });
        const scripts = [...out.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
        const preload = [...new Set(scripts)].map((src) => `<link rel="modulepreload" crossorigin href="${src}">`).join("\n    ");
        out = out.replace(/\s*<link rel="modulepreload"[^>]*>/g, "").replace("<!-- nestegg:preload -->", preload);
        return out;
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), criticalPath(), serviceWorker(), postBuild()],
  resolve: { alias: ALIAS },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": {
        target: process.env.NESTEGG_API ?? "http://127.0.0.1:8000",
        changeOrigin: false,
        ws: true,
      },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    pool: "threads",
    maxWorkers: 2,
  },
});

