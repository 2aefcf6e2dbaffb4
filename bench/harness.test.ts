// The benchmark harness runs in `npm test`: `npm run bench -- --quick` into a temporary folder
// (the committed bench/results/ stay as they are), then its figures are read back. Budgets are
// not checked here, CI machines vary; a figure missing or not a number, or an error or a lost
// event under load, fails.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { checkBudgets, loadBudgets, type Figure } from "./lib/results";

const ROOT = path.resolve(import.meta.dirname, "..");
const out = mkdtempSync(path.join(tmpdir(), "parcours-bench-test-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runQuick(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // The build is `npm test`'s own step before the tests: the SDK size is measured on it.
    const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--no-build", `--out=${out}`], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

test("the quick benchmark run produces every figure, with no errors and nothing lost", async () => {
  const { code, output } = await runQuick();
  expect(code, `npm run bench -- --quick failed:\n${output.slice(-6000)}`).toBe(0);
  const report = JSON.parse(readFileSync(path.join(out, "latest.json"), "utf8")) as { meta: { mode: string; edgeScale?: Record<string, number> }; figures: Figure[] };
  expect(report.meta.mode).toBe("quick");
  expect(report.meta.edgeScale?.audiences).toBeGreaterThan(0);

  const budgets = loadBudgets();
  expect(checkBudgets(report.figures, budgets).missing, "figures with a budget that the run did not produce").toEqual([]);
  const notNumbers = report.figures.filter((f) => typeof f.value !== "number" || !Number.isFinite(f.value)).map((f) => f.name);
  expect(notNumbers, "figures that are not numbers").toEqual([]);
  // The budgets of 0 are the correctness ones: errors under load, lost events, rejected rows.
  const mustBeZero = Object.entries(budgets).filter(([, b]) => b.max === 0).map(([name]) => name);
  expect(mustBeZero.length).toBeGreaterThan(0);
  const nonZero = report.figures.filter((f) => mustBeZero.includes(f.name) && f.value !== 0).map((f) => `${f.name} = ${f.value}${f.note ? ` (${f.note})` : ""}`);
  expect(nonZero, output.slice(-3000)).toEqual([]);
});
