// Builds the console as a static SPA that the Worker serves under /admin (see wrangler.toml [assets]).
import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  // Resolved from this file, so the build works whatever directory `vite` is started from.
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/admin/",
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL("../dist/public/admin", import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    // `npx vite --config admin/vite.config.ts` with `npm start` beside it: the API stays same-origin.
    proxy: { "/admin/api": "http://127.0.0.1:8787" },
  },
});
