/**
 * Builds the web SDK: the script-tag IIFE (dist/public/sdk.js plus an immutable, content-hashed copy
 * under dist/public/sdk/), the ESM bundle (web-sdk/dist/parcours.mjs), and the demo page with the
 * snippet inlined. Run: npx tsx scripts/build-sdk.ts
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { esmOptions, iifeOptions } from "../web-sdk/build-options";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (path: string) => join(root, path);

async function put(path: string, contents: string | Uint8Array): Promise<void> {
  await mkdir(dirname(at(path)), { recursive: true });
  await writeFile(at(path), contents);
}

function size(path: string, contents: Uint8Array): string {
  const kb = (n: number) => (n / 1024).toFixed(2) + " KB";
  return `${path.padEnd(40)} ${kb(contents.byteLength).padStart(9)}  gzip ${kb(gzipSync(contents, { level: 9 }).byteLength).padStart(8)}`;
}

const { version } = JSON.parse(await readFile(at("package.json"), "utf8")) as { version: string };

const iife = await build({ ...iifeOptions, absWorkingDir: root, write: false });
const sdk = iife.outputFiles[0].contents;
const hash = createHash("sha256").update(sdk).digest("hex").slice(0, 10);
const hashed = `dist/public/sdk/${version}-${hash}.js`;
// Only the current hashed build is served; a deploy replaces the whole asset set anyway.
await rm(at("dist/public/sdk"), { recursive: true, force: true });
await put("dist/public/sdk.js", sdk);
await put(hashed, sdk);

await build({ ...esmOptions, absWorkingDir: root });
const esm = new Uint8Array(await readFile(at(esmOptions.outfile as string)));

const demo = await readFile(at("web-sdk/demo/index.html"), "utf8");
const marker = /<!--\s*parcours:snippet[\s\S]*?-->/;
if (!marker.test(demo)) throw new Error("web-sdk/demo/index.html lost its <!-- parcours:snippet --> marker");
const snippet = (await readFile(at("web-sdk/snippet.html"), "utf8")).trim();
await put("dist/public/demo/index.html", demo.replace(marker, () => snippet));

console.log(`Parcours web SDK ${version}`);
console.log(size("dist/public/sdk.js", sdk));
console.log(size(hashed, sdk));
console.log(size(relative(root, at(esmOptions.outfile as string)), esm));
console.log("dist/public/demo/index.html");
