// The audiences of one sandbox with their latest sizes, and "Count now", which counts them all
// over every profile and then reloads the list so the trends gain a point.
import { action, createModel, signal } from "@preact/signals";
import { countAudiences, listAudiences } from "../../lib/api";
import { messageOf } from "../../lib/api-error";
import { listLoader } from "../../lib/list-loader";
import type { AudienceSummary, SizeRun } from "../../lib/types";

const byName = (a: AudienceSummary, b: AudienceSummary) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const AudiencesModel = createModel(() => {
  const { items, loading, error, load } = listLoader<AudienceSummary>(async (sb) => [...(await listAudiences(sb))].sort(byName));
  const counting = signal(false);
  const lastRun = signal<SizeRun | null>(null);
  const runError = signal<string | null>(null);

  const countNow = action(async (sb: string) => {
    counting.value = true;
    runError.value = null;
    try {
      lastRun.value = await countAudiences(sb);
      await load(sb);
    } catch (err) {
      runError.value = messageOf(err);
    } finally {
      counting.value = false;
    }
  });

  return { items, loading, error, load, counting, lastRun, runError, countNow };
});
