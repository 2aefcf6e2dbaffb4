/**
 * Builds the web SDK: the script-tag IIFE (dist/public/sdk.js and its source map, plus an immutable,
 * content-hashed copy under dist/public/sdk/), the ESM bundles with their TypeScript declarations
 * (web-sdk/dist: parcours.mjs, core.mjs, types/), and the demo page with the snippet inlined.
 * Run: npx tsx scripts/build-sdk.ts
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
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
  const gzip = gzipSync(contents, { level: 9 }).byteLength;
  return `${path.padEnd(40)} ${kb(contents.byteLength).padStart(9)}  gzip ${kb(gzip).padStart(8)} (${gzip} B)`;
}

const { version } = JSON.parse(await readFile(at("package.json"), "utf8")) as { version: string };

const iife = await build({ ...iifeOptions, absWorkingDir: root, write: false });
const file = (ext: string) => iife.outputFiles.find((f) => f.path.endsWith(ext))!;
const sdk = file(".js").text;
const map = file(".js.map").contents;
const hash = createHash("sha256").update(sdk).digest("hex").slice(0, 10);
const hashed = `dist/public/sdk/${version}-${hash}.js`;
// Only the current hashed build is served; a deploy replaces the whole asset set anyway.
await rm(at("dist/public/sdk"), { recursive: true, force: true });
await put("dist/public/sdk.js", sdk);
await put("dist/public/sdk.js.map", map);
// The immutable copy names its own map, so a later build cannot pair it with another one.
const hashedName = hashed.split("/").pop()!;
await put(hashed, sdk.replace(/sourceMappingURL=sdk\.js\.map\s*$/, `sourceMappingURL=${hashedName}.map\n`));
await put(hashed + ".map", map);

await rm(at("web-sdk/dist"), { recursive: true, force: true });
const esm = await build({ ...esmOptions, absWorkingDir: root, metafile: true });
const tsc = spawnSync(process.execPath, [at("node_modules/typescript/bin/tsc"), "-p", at("web-sdk/tsconfig.types.json")], { encoding: "utf8" });
if (tsc.status !== 0) throw new Error("TypeScript declarations failed:\n" + tsc.stdout + tsc.stderr);

const demo = await readFile(at("web-sdk/demo/index.html"), "utf8");
const marker = /<!--\s*parcours:snippet[\s\S]*?-->/;
if (!marker.test(demo)) throw new Error("web-sdk/demo/index.html lost its <!-- parcours:snippet --> marker");
const snippet = (await readFile(at("web-sdk/snippet.html"), "utf8")).trim();
await put("dist/public/demo/index.html", demo.replace(marker, () => snippet));

console.log(`Parcours web SDK ${version}`);
console.log(size("dist/public/sdk.js", new TextEncoder().encode(sdk)));
console.log(size(hashed, new TextEncoder().encode(sdk)));
for (const out of Object.keys(esm.metafile!.outputs)) console.log(size(out, new Uint8Array(await readFile(at(out)))));
console.log("web-sdk/dist/types/ (esm.d.ts, core/index.d.ts)");
console.log("dist/public/demo/index.html");
