/** SDK size: our script-tag build next to Adobe's alloy.min.js, both minified and gzipped here. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Figure } from "./lib/results";
import { round } from "./lib/stats";

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

export function sdkSize(root: string): Figure[] {
  const ours = gz(path.join(root, "dist/public/sdk.js"));
  // The package does not export its dist files, so read the installed file by path.
  const alloyFile = path.join(root, "node_modules/@adobe/alloy/dist/alloy.min.js");
  const alloy = gz(alloyFile);
  const section = "SDK size";
  return [
    { section, name: "sdk.gzip_bytes", value: ours, unit: "bytes", note: "dist/public/sdk.js, gzip -9" },
    { section, name: "alloy.gzip_bytes", value: alloy, unit: "bytes", note: "@adobe/alloy alloy.min.js, gzip -9" },
    { section, name: "sdk.ratio_to_alloy", value: round(ours / alloy, 4), unit: "×" },
  ];
}
