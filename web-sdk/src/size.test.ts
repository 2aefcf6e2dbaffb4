// @vitest-environment node
/// <reference types="node" />
/**
 * Size budget of the script-tag SDK, built exactly as scripts/build-sdk.ts ships it.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { iifeOptions } from "../build-options";

const root = fileURLToPath(new URL("../..", import.meta.url));

// budget: do not raise. 8 KB gzipped covers every planned feature; trim code instead.
const BUDGET_GZIP_BYTES = 8192;

describe("sdk.js", () => {
  it(`stays within ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const { outputFiles } = await build({ ...iifeOptions, absWorkingDir: root, write: false });
    const gzip = gzipSync(outputFiles[0].contents, { level: 9 }).byteLength;
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it("never evaluates strings as code", async () => {
    const { outputFiles } = await build({ ...iifeOptions, absWorkingDir: root, write: false, minify: false });
    expect(outputFiles[0].text).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]/);
  });
});
