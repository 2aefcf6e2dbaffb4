/**
 * `npm run bench`: measures Parcours against its own floor and its peers in one run and writes
 * bench/results/latest.{json,md}. Flags: --quick (reduced, under two minutes), --check (exit
 * non-zero when a figure misses its budget in bench/budgets.json), --only=<section,...>,
 * --no-build (measure the assets already in dist/), --out=<dir> (write the report there instead
 * of bench/results/, as the test of the harness does), --budgets=<file> (check against another
 * budgets file of the same shape).
 */
import os from "node:os";
import path from "node:path";
import { audiences } from "./audiences";
import { delivery } from "./delivery";
import { edge, edgeScale } from "./edge";
import { engines } from "./engines";
import { ingestion } from "./ingestion";
import { journeys } from "./journeys";
import { busyProcesses } from "./lib/host";
import { checkBudgets, loadBudgets, writeReport, type Figure } from "./lib/results";
import { sdkSize } from "./sdk-size";
import { build } from "../scripts/build";
import { ROOT } from "../scripts/lib/wrangler";

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const check = args.has("--check");
const only = [...args].find((a) => a.startsWith("--only="))?.slice(7).split(",");
const out = [...args].find((a) => a.startsWith("--out="))?.slice(6);
const budgetsFile = [...args].find((a) => a.startsWith("--budgets="))?.slice(10);
const wanted = (name: string) => !only || only.includes(name);
const log = (s: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${s}`);

async function main() {
  const started = Date.now();
  const busy = await busyProcesses();
  for (const p of busy) {
    console.warn(`  warning: another process is busy (${Math.round(p.share * 100)} % of a core), and the figures will be off: ${p.pid} ${p.command}`);
  }
  if (busy.some((p) => p.command.includes("workerd"))) console.warn("  a workerd left from an interrupted run ignores SIGTERM: stop it with kill -9 <pid>");
  if (!args.has("--no-build")) build();
  const figures: Figure[] = [];
  const sections: [string, () => Promise<Figure[]> | Figure[]][] = [
    ["sdk", () => sdkSize(ROOT)],
    ["engines", () => engines(quick)],
    ["audiences", () => audiences(quick)],
    ["edge", () => edge(quick, log)],
    ["ingestion", () => ingestion(quick, log)],
    ["journeys", () => journeys(quick, log)],
    ["delivery", () => delivery(quick, log)],
  ];
  const sectionSeconds: Record<string, number> = {};
  for (const [name, runSection] of sections) {
    if (!wanted(name)) continue;
    log(`section ${name}…`);
    const t0 = Date.now();
    figures.push(...(await runSection()));
    sectionSeconds[name] = Math.round((Date.now() - t0) / 1000);
  }
  const budgets = loadBudgets(budgetsFile ? path.resolve(budgetsFile) : undefined);
  const meta = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    mode: quick ? "quick" : "full",
    ...(wanted("edge") ? { edgeScale: edgeScale(quick) } : {}),
    seconds: Math.round((Date.now() - started) / 1000),
    sectionSeconds,
    // Anything already busy when the run began (a core's share each): the figures are only as good as the quiet.
    busyAtStart: busy.map((p) => ({ command: p.command.split(" ")[0].split("/").pop(), share: Math.round(p.share * 100) / 100 })),
  };
  const outDir = out ? path.resolve(out) : undefined;
  writeReport(figures, meta, budgets, outDir);
  console.table(figures.map((f) => ({ figure: f.name, value: f.value, unit: f.unit })));
  console.log(`Wrote ${outDir ?? "bench/results"}/latest.json and latest.md in ${meta.seconds}s.`);
  if (check) {
    const { missed } = checkBudgets(figures, budgets);
    if (missed.length) {
      console.error(`\n${missed.length} budget(s) missed:\n  ${missed.join("\n  ")}`);
      process.exit(1);
    }
    console.log("All measured figures are within budget.");
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
