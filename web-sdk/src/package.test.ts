// @vitest-environment node
/// <reference types="node" />
/**
 * web-sdk/package.json points `parcours` and `parcours/core` at what the build writes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { esmOptions } from "../build-options";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const types = JSON.parse(readFileSync(new URL("../tsconfig.types.json", import.meta.url), "utf8"));

describe("web-sdk package", () => {
  it("exports the ESM bundles esbuild writes, with the declarations tsc writes", () => {
    const entries = esmOptions.entryPoints as Record<string, string>;
    expect(pkg.exports["."].default).toBe(`./dist/${Object.keys(entries)[0]}.mjs`);
    expect(pkg.exports["./core"].default).toBe("./dist/core.mjs");
    expect(entries.core).toBe("web-sdk/src/core/index.ts");
    expect(types.compilerOptions.outDir).toBe("dist/types");
    expect(types.include).toEqual(["src/esm.ts", "src/core/index.ts"]);
    expect(pkg.exports["."].types).toBe("./dist/types/esm.d.ts");
    expect(pkg.exports["./core"].types).toBe("./dist/types/core/index.d.ts");
  });
});
