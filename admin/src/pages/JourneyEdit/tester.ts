// Test mode: runs the draft (or walks the live version, sending nothing) for one profile, then
// reads the run's steps every second until it ends, so the canvas can follow it.
import { action, computed, effect, signal } from "@preact/signals";
import { journeyTrace, testJourney } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { parseJsonObject } from "../../lib/json-text";
import type { JourneyTrace } from "../../lib/types";

export const TRACE_EVERY_MS = 1000;
/** A run is followed this long at most (a test wait of 90 days lasts 90 seconds). */
export const FOLLOW_FOR_MS = 5 * 60_000;

export type TestRun = { instance: string; profileId: string; dryRun: boolean; startedAt: number };

/** `prepareDraft` saves unsaved changes before a draft run; false stops the run. */
export function testRunner(sandbox: string, journey: string, prepareDraft: () => Promise<boolean>) {
  const profileId = signal("");
  const dataText = signal("");
  const run = signal<TestRun | null>(null);
  const trace = signal<JourneyTrace | null>(null);
  const starting = signal(false);
  const error = signal<string | null>(null);
  const fieldErrors = signal<{ profileId?: string; data?: string }>({});

  const status = computed(() => {
    const s = trace.value?.instance.status;
    return typeof s === "string" ? s : null;
  });
  const finished = computed(() => status.value === "done");
  /** Where the profile is now; once the run ended, the node it ended at. */
  const currentNode = computed((): string | null => {
    const t = trace.value;
    if (!t) return null;
    const node = t.instance.node;
    return typeof node === "string" ? node : (t.steps.at(-1)?.node ?? null);
  });

  const start = action(async (dryRun: boolean) => {
    error.value = null;
    const who = profileId.value.trim();
    const problems: { profileId?: string; data?: string } = {};
    if (!who) problems.profileId = "Type the id of the profile to run it for";
    let data: Record<string, unknown> = {};
    if (dataText.value.trim()) {
      const parsed = parseJsonObject(dataText.value, { empty: "", notObject: "The entry data is a JSON object, such as { \"sku\": \"tent\" }" });
      if (parsed.ok) data = parsed.value;
      else problems.data = parsed.message;
    }
    fieldErrors.value = problems;
    if (problems.profileId || problems.data) return;
    starting.value = true;
    try {
      if (!dryRun && !(await prepareDraft())) {
        error.value = "Save the draft without problems first: the test runs the saved draft.";
        return;
      }
      const answer = await testJourney(sandbox, journey, { profileId: who, data, dryRun });
      trace.value = null;
      run.value = { instance: answer.instance, profileId: who, dryRun, startedAt: Date.now() };
    } catch (err) {
      const detail = err instanceof ApiError ? err.details.find((d) => d.path === "profileId") : undefined;
      if (detail) fieldErrors.value = { profileId: detail.message };
      error.value = messageOf(err);
    } finally {
      starting.value = false;
    }
  });

  const newProfileId = action(() => {
    profileId.value = `test-${Math.random().toString(36).slice(2, 10)}`;
  });

  // Follows the current run: one read a second until it ends (or for FOLLOW_FOR_MS).
  effect(() => {
    const r = run.value;
    if (!r) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const t = await journeyTrace(sandbox, journey, r.profileId, r.instance);
        if (stopped) return;
        trace.value = t;
        if (t.instance.status === "done") return;
      } catch (err) {
        if (stopped) return;
        error.value = messageOf(err);
      }
      if (Date.now() - r.startedAt < FOLLOW_FOR_MS) timer = setTimeout(tick, TRACE_EVERY_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  });

  return { profileId, dataText, run, trace, starting, error, fieldErrors, status, finished, currentNode, start, newProfileId };
}

export type TestRunner = ReturnType<typeof testRunner>;
