/**
 * What else keeps the machine busy when a run starts. The figures are only as good as the quiet
 * they are taken in: a dev server left from an interrupted run (a `workerd` whose parent was
 * killed keeps spinning, and ignores SIGTERM) takes a core's share from every section. Linux
 * only (it reads /proc); elsewhere it finds nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

export type BusyProcess = { pid: number; command: string; share: number };

function cpuTicks(): Map<number, { ticks: number; command: string }> {
  const out = new Map<number, { ticks: number; command: string }>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 120) || stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      out.set(pid, { ticks: Number(fields[11]) + Number(fields[12]), command });
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

/** Processes that used more than `threshold` of a core over `ms` milliseconds, busiest first. */
export async function busyProcesses(ms = 1000, threshold = 0.2): Promise<BusyProcess[]> {
  if (!existsSync("/proc/self/stat")) return [];
  const before = cpuTicks();
  await new Promise((r) => setTimeout(r, ms));
  const after = cpuTicks();
  const hz = 100; // USER_HZ, 100 on Linux
  return [...after]
    .map(([pid, a]) => ({ pid, command: a.command, share: (a.ticks - (before.get(pid)?.ticks ?? a.ticks)) / hz / (ms / 1000) }))
    .filter((p) => p.share > threshold)
    .sort((a, b) => b.share - a.share);
}
