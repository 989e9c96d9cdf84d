// The playground is a static site: everything (CodeMirror, the layout library, the WASM core
// and the examples) is bundled; nothing is fetched from anywhere but the page's own origin.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("../pkg/web/topolint.js", import.meta.url));

export default defineConfig({
  // Relative URLs, so dist/ can be served from any path (or a sub-folder of a static host).
  base: "./",
  resolve: {
    // The npm package built by scripts/build-wasm; an alias rather than a `file:` dependency
    // so that `npm ci` works before pkg/ exists.
    alias: { topolint: pkg },
  },
  worker: { format: "es" },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // The WASM module is the one large asset and is loaded by the worker, not inlined.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  server: { fs: { allow: [".."] } },
});
