// The live estimate beside the rule: ~500 ms after the rule stops changing, the server counts a
// sample of profiles. Only the newest answer is shown, so a slow one for an older rule never wins.
import { effect, type ReadonlySignal, signal } from "@preact/signals";
import { estimateAudience } from "../../lib/api";
import { ApiError, type FieldIssue, messageOf } from "../../lib/api-error";
import type { Estimate } from "../../lib/types";
import { pathInRule } from "./issues";
import type { Current } from "./rule-editor";

export type EstimateState =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "done"; estimate: Estimate }
  | { status: "failed"; message: string };

export const ESTIMATE_DELAY_MS = 500;

type Options = {
  sandbox: string;
  /** The audience's id once saved, so references to it are judged as the server will. */
  audienceId?: string;
  current: ReadonlySignal<Current>;
  currentKey: ReadonlySignal<string>;
  enabled: ReadonlySignal<boolean>;
};

export function liveEstimate({ sandbox, audienceId, current, currentKey, enabled }: Options) {
  const state = signal<EstimateState>({ status: "idle" });
  /** The server's messages about the rule, by path inside it. */
  const issues = signal<FieldIssue[]>([]);
  let request = 0;

  async function run(mine: number, rule: Current & { ok: true }) {
    try {
      const estimate = await estimateAudience(sandbox, rule.rule, audienceId);
      if (mine !== request) return;
      state.value = { status: "done", estimate };
      issues.value = [];
    } catch (err) {
      if (mine !== request) return;
      const details = err instanceof ApiError ? err.details : [];
      state.value = { status: "failed", message: details.length ? `${messageOf(err)}: ${details.map((d) => d.message).join("; ")}` : messageOf(err) };
      issues.value = details.flatMap((d) => {
        const path = pathInRule(d.path);
        return path === null ? [] : [{ path, message: d.message }];
      });
    }
  }

  effect(() => {
    void currentKey.value;
    if (!enabled.value) return;
    const rule = current.peek();
    const mine = ++request;
    if (!rule.ok) {
      state.value = { status: "failed", message: rule.message };
      return;
    }
    state.value = { status: "pending" };
    const timer = setTimeout(() => void run(mine, rule), ESTIMATE_DELAY_MS);
    return () => clearTimeout(timer);
  });

  return { state, issues };
}
