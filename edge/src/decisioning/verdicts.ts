/**
 * Judging one offer for one profile: its capping rules, then its eligibility. The same judge
 * serves the hot path (where only "yes" matters, and a reason is built only for the rare "no")
 * and explanations (where the reason is the answer: "Capped: 2 of 2 displays today").
 */
import type { CompiledItem, Eligibility } from "../config/snapshot";
import { periodStart, type CapRule } from "./capping";
import type { Verdict } from "./decide";

const PERIOD_WORDS = { day: "today", week: "this week", month: "this month" } as const;

/** "2 of 2 displays today", in words a marketer reads. */
export function describeCount(rule: CapRule, n: number): string {
  const noun = rule.counts === "decision" ? "decisions" : rule.counts === "display" ? "displays" : rule.counts === "click" ? "clicks" : `"${rule.counts}" events`;
  const p = rule.period;
  const when = p.kind === "calendar" ? PERIOD_WORDS[p.unit] : p.kind === "rolling" ? `in the last ${p.hours} hours` : "ever";
  return `${n} of ${rule.limit} ${noun} ${when}${rule.perPlacement ? " in this placement" : ""}${rule.scope === "global" ? " across all profiles" : ""}`;
}

export type JudgeParts = {
  now: number;
  timeZone: string;
  /** How many of what a per-profile rule counts this profile did since a moment. */
  profileCount: (item: CompiledItem, rule: CapRule, since: number, placement: string) => number;
  /** Why a global rule keeps the offer out, or null; absent when global caps are not judged here. */
  globalVerdict?: (item: CompiledItem, rule: CapRule, index: number, placement: string) => Verdict;
  /** Whether the profile meets an eligibility. */
  eligible: (e: Eligibility) => boolean;
};

export function judgeWith(parts: JudgeParts) {
  return (item: CompiledItem, placement: string): Verdict => {
    if (item.caps) {
      for (const [index, rule] of item.caps.entries()) {
        if (rule.scope === "global") {
          const verdict = parts.globalVerdict?.(item, rule, index, placement) ?? null;
          if (verdict) return verdict;
          continue;
        }
        const n = parts.profileCount(item, rule, periodStart(rule.period, parts.now, parts.timeZone), placement);
        if (n >= rule.limit) return `Capped: ${describeCount(rule, n)}`;
      }
    }
    const e = item.eligibility;
    if (e && !parts.eligible(e)) return "audience" in e ? `Not in the audience "${e.audience}"` : "Does not match the offer's eligibility rule";
    return null;
  };
}
