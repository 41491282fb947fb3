/// <reference types="vitest/config" />
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { type Plugin, defineConfig } from "vite";

const OUT_DIR = resolve(import.meta.dirname, "../backend/src/nestegg/app/web/dist");
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * Writes .br and .gz beside every compressible file after the build; nestegg serves them
 * with Content-Encoding when the browser accepts it (web/static.py).
 */
function precompress(): Plugin {
  return {
    name: "nestegg-precompress",
    apply: "build",
    closeBundle() {
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
  plugins: [react(), tailwindcss(), criticalPath(), serviceWorker(), precompress()],
  resolve: { alias: { "@": resolve(import.meta.dirname, "src") } },
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

