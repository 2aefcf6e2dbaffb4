/**
 * A progress bar for a long bench phase (cli-progress, as the import CLI draws it); logs and CI
 * get a line every few seconds instead of a redrawn bar.
 */
import cliProgress from "cli-progress";

export function progressBar(label: string, total: number) {
  const bar = new cliProgress.SingleBar(
    { format: `  ${label} {bar} {value}/{total} {detail}`, hideCursor: true, clearOnComplete: false, noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(1, total), 0, { detail: "" });
  return {
    update: (value: number, detail = "") => bar.update(value, { detail }),
    stop: () => bar.stop(),
  };
}
