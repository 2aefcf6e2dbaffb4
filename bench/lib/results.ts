/**
 * Benchmark figures, their budgets, and the report files. A figure has a name, a value, a unit,
 * and optionally a budget: `max` (lower is better) or `min` (higher is better).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Figure = { section: string; name: string; value: number; unit: string; note?: string };
export type Budget = { max?: number; min?: number; why: string };

export const BENCH_DIR = path.resolve(import.meta.dirname, "..");

/** The budgets of bench/budgets.json, or of another file of the same shape. */
export function loadBudgets(file = path.join(BENCH_DIR, "budgets.json")): Record<string, Budget> {
  return JSON.parse(readFileSync(file, "utf8")).budgets;
}

export function checkBudgets(figures: Figure[], budgets: Record<string, Budget>) {
  const missed: string[] = [];
  const missing: string[] = [];
  for (const [name, b] of Object.entries(budgets)) {
    const f = figures.find((x) => x.name === name);
    if (!f) {
      missing.push(name);
      continue;
    }
    if (b.max !== undefined && f.value > b.max) missed.push(`${name} = ${f.value} ${f.unit}, budget ≤ ${b.max} (${b.why})`);
    if (b.min !== undefined && f.value < b.min) missed.push(`${name} = ${f.value} ${f.unit}, budget ≥ ${b.min} (${b.why})`);
  }
  return { missed, missing };
}

function verdict(f: Figure, budgets: Record<string, Budget>): string {
  const b = budgets[f.name];
  if (!b) return "";
  const ok = (b.max === undefined || f.value <= b.max) && (b.min === undefined || f.value >= b.min);
  return `${ok ? "✅" : "❌"} ${b.max !== undefined ? `≤ ${b.max}` : `≥ ${b.min}`}`;
}

/** Writes latest.json and latest.md into `dir` (bench/results unless the run says `--out=<dir>`). */
export function writeReport(figures: Figure[], meta: Record<string, unknown>, budgets: Record<string, Budget>, dir = path.join(BENCH_DIR, "results")) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "latest.json"), JSON.stringify({ meta, figures }, null, 2) + "\n");
  const lines = [`# Benchmark results`, "", `Run at ${meta.at} on ${meta.machine} (${meta.mode} mode).`, ""];
  const busy = (meta.busyAtStart ?? []) as { command: string; share: number }[];
  lines.push(busy.length ? `Busy when the run began (share of a core): ${busy.map((b) => `${b.command} ${Math.round(b.share * 100)} %`).join(", ")} — the figures are lower than on a quiet machine.` : "Nothing else was busy when the run began.", "");
  if (meta.edgeScale) lines.push(`Edge scale: ${Object.entries(meta.edgeScale).map(([k, v]) => `${k} ${Number(v).toLocaleString("en")}`).join(", ")}.`, "");
  for (const section of [...new Set(figures.map((f) => f.section))]) {
    lines.push(`## ${section}`, "", "| figure | value | unit | budget | note |", "|---|---:|---|---|---|");
    for (const f of figures.filter((x) => x.section === section)) {
      lines.push(`| ${f.name} | ${f.value} | ${f.unit} | ${verdict(f, budgets)} | ${f.note ?? ""} |`);
    }
    lines.push("");
  }
  writeFileSync(path.join(dir, "latest.md"), lines.join("\n"));
}
