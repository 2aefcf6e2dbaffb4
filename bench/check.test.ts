// `npm run bench -- --check`: each figure against its budget, the run failing and naming what
// it missed. The SDK section alone keeps it quick (it measures the build `npm test` made first).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkBudgets, type Figure } from "./lib/results";

const ROOT = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "parcours-bench-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...extra: string[]) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--only=sdk", "--no-build", `--out=${dir}`, "--check", ...extra], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
};

describe("budgets", () => {
  it("names each figure over its max or under its min, with its value and budget, and lists what was not measured", () => {
    const figures: Figure[] = [
      { section: "s", name: "a.ms", value: 3, unit: "ms" },
      { section: "s", name: "b.rps", value: 100, unit: "req/s" },
      { section: "s", name: "c.ms", value: 1, unit: "ms" },
    ];
    const result = checkBudgets(figures, {
      "a.ms": { max: 2, why: "fast" },
      "b.rps": { min: 400, why: "many" },
      "c.ms": { max: 1, why: "at the limit passes" },
      "d.errors": { max: 0, why: "not measured" },
    });
    expect(result).toEqual({ missed: ["a.ms = 3 ms, budget ≤ 2 (fast)", "b.rps = 100 req/s, budget ≥ 400 (many)"], missing: ["d.errors"] });
  });

  it("passes a run within its budgets, and fails one that misses a budget, saying which", () => {
    const within = run();
    expect(within.code, within.output).toBe(0);
    expect(within.output).toContain("All measured figures are within budget.");

    const strict = path.join(dir, "strict.json");
    writeFileSync(strict, JSON.stringify({ budgets: { "sdk.gzip_bytes": { max: 1, why: "a budget nothing meets" } } }));
    const missed = run(`--budgets=${strict}`);
    expect(missed.code, missed.output).toBe(1);
    expect(missed.output).toMatch(/1 budget\(s\) missed:\s+sdk\.gzip_bytes = \d+ bytes, budget ≤ 1 \(a budget nothing meets\)/);
  });
});
