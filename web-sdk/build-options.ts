/**
 * esbuild settings shared by scripts/build-sdk.ts and the size test, so the budget is checked
 * against exactly what ships. Paths are relative to the repository root (pass it as absWorkingDir).
 */
import type { BuildOptions } from "esbuild";

/** ES2019 keeps the SDK parseable by every browser still in real use, and by Hermes. */
export const TARGET = "es2019";

/** The script tag's /sdk.js, minified, with a linked source map (its comment counts in the budget). */
export const iifeOptions: BuildOptions = {
  entryPoints: ["web-sdk/src/browser/index.ts"],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: TARGET,
  minify: true,
  legalComments: "none",
  outfile: "dist/public/sdk.js",
  sourcemap: "linked",
};

/**
 * Bundler builds, one file per entry: `parcours` (core plus the browser command API, no global)
 * and `core` (DOM-free, for React Native and Node). Types come from tsconfig.types.json.
 */
export const esmOptions: BuildOptions = {
  entryPoints: { parcours: "web-sdk/src/esm.ts", core: "web-sdk/src/core/index.ts" },
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: TARGET,
  outdir: "web-sdk/dist",
  outExtension: { ".js": ".mjs" },
};
