// Capping rules as the form edits them: one row of strings and choices per rule, turned into the
// API's rule on save, and read back as a sentence ("At most 2 displays per profile per day") so
// the person editing sees what the rule means while typing.
import type { CapRule } from "../../lib/types";

export const MAX_CAPS = 10;

/** What a rule counts; "event" means an event type typed beside it. */
export type CapCounts = "decision" | "display" | "click" | "event";
/** The period, flattened for one select: a calendar unit, a rolling window, or the offer's lifetime. */
export type CapPeriod = "day" | "week" | "month" | "rolling" | "lifetime";

export type CapDraft = {
  key: number;
  counts: CapCounts;
  /** The event type when `counts` is "event", e.g. `add_to_cart`. */
  eventType: string;
  scope: CapRule["scope"];
  period: CapPeriod;
  /** Optional IANA zone for calendar periods; empty means the sandbox's. */
  timeZone: string;
  /** Window length for a rolling period. */
  hours: string;
  limit: string;
  perPlacement: boolean;
};

export const COUNTS_OPTIONS = [
  { value: "display", label: "Displays" },
  { value: "click", label: "Clicks" },
  { value: "decision", label: "Decisions" },
  { value: "event", label: "Events of a type…" },
];

export const SCOPE_OPTIONS = [
  { value: "profile", label: "Per profile" },
  { value: "global", label: "Across all profiles" },
];

export const PERIOD_OPTIONS = [
  { value: "day", label: "Calendar day" },
  { value: "week", label: "Calendar week (from Monday)" },
  { value: "month", label: "Calendar month" },
  { value: "rolling", label: "Rolling window of hours" },
  { value: "lifetime", label: "Lifetime (ever)" },
];

const EVENT_TYPE = /^[A-Za-z][\w.:-]*$/;
const MAX_HOURS = 24 * 400;

let nextKey = 1;

export function newCap(): CapDraft {
  return { key: nextKey++, counts: "display", eventType: "", scope: "profile", period: "day", timeZone: "", hours: "24", limit: "1", perPlacement: false };
}

export function capFromRule(rule: CapRule): CapDraft {
  const known = rule.counts === "decision" || rule.counts === "display" || rule.counts === "click";
  const p = rule.period;
  return {
    key: nextKey++,
    counts: known ? (rule.counts as CapCounts) : "event",
    eventType: known ? "" : rule.counts,
    scope: rule.scope,
    period: p.kind === "calendar" ? p.unit : p.kind,
    timeZone: p.kind === "calendar" ? (p.timeZone ?? "") : "",
    hours: p.kind === "rolling" ? String(p.hours) : "24",
    limit: String(rule.limit),
    perPlacement: rule.perPlacement,
  };
}

const wholeNumber = (text: string): number | null => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

type BuiltCap = { rule: CapRule; errors?: undefined } | { rule?: undefined; errors: Record<string, string> };

/** The API's rule, or messages keyed by the paths the server would use (`caps.0.limit`). */
export function ruleFromCap(cap: CapDraft, index: number): BuiltCap {
  const at = `caps.${index}`;
  const errors: Record<string, string> = {};
  const type = cap.eventType.trim();
  if (cap.counts === "event" && !EVENT_TYPE.test(type)) errors[`${at}.counts`] = "Type the event type to count, such as add_to_cart.";
  const limit = wholeNumber(cap.limit);
  if (limit === null || limit < 1) errors[`${at}.limit`] = "Enter a whole number of at least 1.";
  const hours = wholeNumber(cap.hours);
  if (cap.period === "rolling" && (hours === null || hours < 1 || hours > MAX_HOURS)) errors[`${at}.period.hours`] = `Enter a whole number of hours from 1 to ${MAX_HOURS}.`;
  if (Object.keys(errors).length) return { errors };

  const zone = cap.timeZone.trim();
  const period: CapRule["period"] =
    cap.period === "rolling" ? { kind: "rolling", hours: hours! } : cap.period === "lifetime" ? { kind: "lifetime" } : { kind: "calendar", unit: cap.period, ...(zone ? { timeZone: zone } : {}) };
  return { rule: { counts: cap.counts === "event" ? type : cap.counts, scope: cap.scope, period, limit: limit!, perPlacement: cap.perPlacement } };
}

const NOUNS: Record<Exclude<CapCounts, "event">, [string, string]> = {
  decision: ["decision", "decisions"],
  display: ["display", "displays"],
  click: ["click", "clicks"],
};

/**
 * The rule in words, from the draft as it stands: "At most 2 displays per profile per day",
 * "At most 1,000 decisions across all profiles in any 24 hours in each placement". A limit not
 * typed yet reads as "N".
 */
export function capSentence(cap: CapDraft): string {
  const limit = wholeNumber(cap.limit);
  const one = limit === 1;
  const amount = limit === null ? "N" : limit.toLocaleString("en-US");
  const type = cap.eventType.trim() || "…";
  const noun = cap.counts === "event" ? `“${type}” ${one ? "event" : "events"}` : NOUNS[cap.counts][one ? 0 : 1];
  const who = cap.scope === "global" ? "across all profiles" : "per profile";
  const zone = cap.timeZone.trim();
  const hours = wholeNumber(cap.hours);
  const when =
    cap.period === "rolling"
      ? `in any ${hours === null ? "N" : hours} ${hours === 1 ? "hour" : "hours"}`
      : cap.period === "lifetime"
        ? "ever"
        : `per ${cap.period}${zone ? ` (${zone} time)` : ""}`;
  return `At most ${amount} ${noun} ${who} ${when}${cap.perPlacement ? " in each placement" : ""}`;
}
