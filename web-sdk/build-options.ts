/**
 * esbuild settings shared by scripts/build-sdk.ts and the size test, so the budget is checked
 * against exactly what ships. Paths are relative to the repository root (pass it as absWorkingDir).
 */
import type { BuildOptions } from "esbuild";

/** ES2019 keeps the SDK parseable by every browser still in real use, and by Hermes. */
export const TARGET = "es2019";

export const iifeOptions: BuildOptions = {
  entryPoints: ["web-sdk/src/browser/index.ts"],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: TARGET,
  minify: true,
  legalComments: "none",
};

export const esmOptions: BuildOptions = {
  entryPoints: ["web-sdk/src/esm.ts"],
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: TARGET,
  outfile: "web-sdk/dist/parcours.mjs",
};
