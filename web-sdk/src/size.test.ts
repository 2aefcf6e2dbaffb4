// @vitest-environment node
/// <reference types="node" />
/**
 * Size budget of the script-tag SDK, built exactly as scripts/build-sdk.ts ships it (source map
 * comment included), and the promise of the DOM-free core: it loads and works in plain Node.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { esmOptions, iifeOptions } from "../build-options";

const root = fileURLToPath(new URL("../..", import.meta.url));

// budget: do not raise. 8 KB gzipped covers every planned feature; trim code instead.
const BUDGET_GZIP_BYTES = 8192;

const sdkJs = async (minify = true) => {
  const { outputFiles } = await build({ ...iifeOptions, absWorkingDir: root, write: false, minify });
  return outputFiles.find((f) => f.path.endsWith(".js"))!;
};

describe("sdk.js", () => {
  it(`stays within ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const js = await sdkJs();
    expect(js.text).toMatch(/\/\/# sourceMappingURL=sdk\.js\.map\s*$/);
    const gzip = gzipSync(js.contents, { level: 9 }).byteLength;
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it("never evaluates strings as code", async () => {
    expect((await sdkJs(false)).text).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]/);
  });
});

describe("parcours/core", () => {
  const bundle = async () => {
    const { outputFiles } = await build({ ...esmOptions, entryPoints: { core: "web-sdk/src/core/index.ts" }, absWorkingDir: root, write: false });
    return outputFiles[0].text;
  };

  it("never names the DOM", async () => {
    expect(await bundle()).not.toMatch(/\b(document|window|navigator|localStorage|HTMLElement)\b/);
  });

  it("runs in plain Node against the edge's routes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parcours-core-"));
    try {
      const file = join(dir, "core.mjs");
      writeFileSync(file, await bundle());
      const core = await import(/* @vite-ignore */ pathToFileURL(file).href);
      const sent: { url: string; body: any }[] = [];
      const fetch = async (url: string, init: RequestInit) => {
        sent.push({ url, body: JSON.parse(String(init.body)) });
        return url.includes("/v1/interact")
          ? new Response(JSON.stringify({ pcid: "pc-node", propositions: [{ id: "p", placement: "home", items: [], fallback: true }] }))
          : new Response(null, { status: 204 });
      };
      const client = core.createClient({ edgeUrl: "https://edge.example", datastream: "app", fetch, storage: core.memoryStorage() });
      const { propositions, messages } = await client.interact([core.createEvent("screen.view", { name: "home" })], ["home"]);
      expect(propositions[0].placement).toBe("home");
      expect(messages).toEqual([]);
      const outbox = core.createOutbox({ storage: core.memoryStorage(), send: client.collect });
      outbox.push([core.createEvent("tap")]);
      await outbox.flush();
      expect(sent.map((s) => s.url)).toEqual(["https://edge.example/v1/interact?datastream=app", "https://edge.example/v1/collect?datastream=app"]);
      expect(sent[1].body).toMatchObject({ pcid: "pc-node", events: [{ type: "tap" }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
