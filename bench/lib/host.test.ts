/** The run's quiet check finds a process that keeps a core busy, and not an idle one. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { busyProcesses } from "./host";

describe("busyProcesses", () => {
  it("names a process spinning a core and leaves out one that sleeps (Linux; elsewhere it finds nothing)", async () => {
    if (process.platform !== "linux") return void expect(await busyProcesses(100)).toEqual([]);
    const spinning = spawn(process.execPath, ["-e", "const end = Date.now() + 5000; while (Date.now() < end) {}", "spinning-for-the-test"]);
    const sleeping = spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)", "sleeping-for-the-test"]);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const busy = await busyProcesses(1000, 0.2);
      const spin = busy.find((p) => p.pid === spinning.pid);
      expect(spin?.command).toContain("spinning-for-the-test");
      expect(spin!.share).toBeGreaterThan(0.4);
      expect(busy.some((p) => p.pid === sleeping.pid)).toBe(false);
    } finally {
      spinning.kill("SIGKILL");
      sleeping.kill("SIGKILL");
    }
  });
});
