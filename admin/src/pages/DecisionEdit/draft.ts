// A decision as its form edits it: per placement, an ordered list of criteria (collection, who
// it is for, ranking) that fill the items to show. Rows carry stable keys, so criteria can be
// moved and the server's messages (named by index at save time) stay with the row they concern.
import type { Viewers } from "../../components/EligibilityFields";
import type { Criterion, Decision, DecisionInput, DecisionPlacement, Eligibility, Offer, Ranking } from "../../lib/types";

export const MAX_CRITERIA = 10;
export const MAX_PLACEMENTS = 30;
export const MAX_ITEMS = 30;

export type RankingKind = Ranking["kind"];

export type CriterionDraft = {
  key: number;
  collection: string;
  who: Viewers;
  audience: string;
  /** The criterion's own rule, as JSON text, when `who` is "rule". */
  ruleText: string;
  ranking: RankingKind;
  formula: string;
  /** The exploration share of an auto ranking, in percent. */
  exploration: string;
};

export type EntryDraft = { key: number; placement: string; items: string; fallback: string; criteria: CriterionDraft[] };

export type DecisionDraft = { id: string; name: string; allowDuplicates: boolean; placements: EntryDraft[] };

let nextKey = 1;

export function newCriterion(collection = ""): CriterionDraft {
  return { key: nextKey++, collection, who: "everyone", audience: "", ruleText: "", ranking: "priority", formula: "", exploration: "10" };
}

export function newEntry(placement = "", collection = ""): EntryDraft {
  return { key: nextKey++, placement, items: "1", fallback: "", criteria: [newCriterion(collection)] };
}

export function emptyDecisionDraft(placements: readonly { id: string }[], collections: readonly { id: string }[]): DecisionDraft {
  return { id: "", name: "", allowDuplicates: false, placements: [newEntry(placements[0]?.id ?? "", collections[0]?.id ?? "")] };
}

function criterionFrom(c: Criterion): CriterionDraft {
  const e = c.eligibility;
  const r = c.ranking;
  return {
    ...newCriterion(c.collection),
    who: !e ? "everyone" : "audience" in e ? "audience" : "rule",
    audience: e && "audience" in e ? e.audience : "",
    ruleText: e && "rule" in e ? JSON.stringify(e.rule, null, 2) : "",
    ranking: r.kind,
    formula: r.kind === "formula" ? r.formula : "",
    // Percent with at most one decimal, as typed: 0.125 reads 12.5.
    exploration: r.kind === "auto" ? String(Math.round(r.exploration * 1000) / 10) : "10",
  };
}

export function draftFromDecision(d: Decision): DecisionDraft {
  return {
    id: d.id,
    name: d.name,
    allowDuplicates: d.allowDuplicates,
    placements: d.placements.map((p) => ({ key: nextKey++, placement: p.placement, items: String(p.items), fallback: p.fallback ?? "", criteria: p.criteria.map(criterionFrom) })),
  };
}

/** Error keys: `P<key>.<field>` for a placement entry, `C<key>.<field>` for a criterion. */
export const entryKey = (entry: EntryDraft, field?: string) => `P${entry.key}${field ? `.${field}` : ""}`;
export const criterionKey = (c: CriterionDraft, field?: string) => `C${c.key}${field ? `.${field}` : ""}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function readEligibility(c: CriterionDraft, errors: Record<string, string>): Eligibility | null {
  if (c.who === "audience") {
    if (!c.audience) errors[criterionKey(c, "eligibility.audience")] = "Choose the audience this criterion is for.";
    return { audience: c.audience };
  }
  if (c.who === "rule") {
    try {
      const rule: unknown = JSON.parse(c.ruleText);
      if (isObject(rule) && Object.keys(rule).length) return { rule };
      errors[criterionKey(c, "eligibility.rule")] = 'Give the rule as a JSON object, such as { "profile.tier": "gold" }.';
    } catch (err) {
      errors[criterionKey(c, "eligibility.rule")] = `Not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return null;
}

function readRanking(c: CriterionDraft, errors: Record<string, string>): Ranking {
  if (c.ranking === "formula") {
    if (!c.formula.trim()) errors[criterionKey(c, "ranking.formula")] = "Write a formula, such as offer.priority * 10 + offer.margin.";
    return { kind: "formula", formula: c.formula.trim() };
  }
  if (c.ranking === "auto") {
    const text = c.exploration.trim();
    const pct = Number(text);
    if (!text || !Number.isFinite(pct) || pct < 0 || pct > 100) errors[criterionKey(c, "ranking.exploration")] = "Enter a share from 0 to 100 (%).";
    return { kind: "auto", exploration: Math.round(pct * 10) / 1000 };
  }
  return { kind: "priority" };
}

type Built = { input: DecisionInput; errors?: undefined } | { input?: undefined; errors: Record<string, string> };

/** The request body, or messages keyed by row (see `entryKey`) for what cannot be built. */
export function inputFromDecisionDraft(draft: DecisionDraft): Built {
  const errors: Record<string, string> = {};
  const placements: DecisionPlacement[] = draft.placements.map((entry) => {
    const items = /^\d+$/.test(entry.items.trim()) ? Number(entry.items.trim()) : NaN;
    if (!(items >= 1 && items <= MAX_ITEMS)) errors[entryKey(entry, "items")] = `Enter a whole number from 1 to ${MAX_ITEMS}.`;
    if (!entry.placement) errors[entryKey(entry, "placement")] = "Choose a placement.";
    const criteria = entry.criteria.map((c): Criterion => {
      if (!c.collection) errors[criterionKey(c, "collection")] = "Choose a collection.";
      const eligibility = readEligibility(c, errors);
      return { collection: c.collection, ...(eligibility ? { eligibility } : {}), ranking: readRanking(c, errors) };
    });
    return { placement: entry.placement, items, ...(entry.fallback ? { fallback: entry.fallback } : {}), criteria };
  });
  if (Object.keys(errors).length) return { errors };
  const id = draft.id.trim();
  return { input: { ...(id ? { id } : {}), name: draft.name.trim(), allowDuplicates: draft.allowDuplicates, placements } };
}

/**
 * The server's paths (`placements.0.criteria.1.ranking.formula`) as row keys (`C7.ranking.formula`),
 * read against the draft as it was sent, so a message follows its criterion when it is moved.
 */
export function keyErrors(errors: Record<string, string>, sent: DecisionDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const m = /^placements\.(\d+)(?:\.(.+))?$/.exec(path);
    const entry = m ? sent.placements[Number(m[1])] : undefined;
    let key = path;
    if (m && entry) {
      const rest = m[2];
      const c = rest ? /^criteria\.(\d+)(?:\.(.+))?$/.exec(rest) : null;
      const criterion = c ? entry.criteria[Number(c[1])] : undefined;
      key = c && criterion ? criterionKey(criterion, c[2]) : entryKey(entry, rest);
    }
    out[key] ??= message;
  }
  return out;
}

/** The first message at a key or under it (`C7.eligibility.rule` also takes `C7.eligibility.rule.$and.0`). */
export function errorUnder(errors: Record<string, string>, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const found = Object.entries(errors).find(([k]) => k.startsWith(`${key}.`));
  return found ? `${found[0].slice(key.length + 1)}: ${found[1]}` : undefined;
}

/** Moves the item at `index` by `delta` places (−1 up, +1 down); out of range changes nothing. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item);
  return out;
}

/** Fallback offers a placement can use: fallbacks with a representation there. */
export function fallbackChoices(offers: readonly Offer[], placement: string): Offer[] {
  return offers.filter((o) => o.fallback && o.representations.some((r) => r.placement === placement)).sort((a, b) => a.name.localeCompare(b.name));
}

const FIELD_LABELS: Record<string, string> = {
  placement: "Placement",
  items: "Items",
  fallback: "Fallback offer",
  criteria: "Criteria",
  collection: "Collection",
  eligibility: "Who it is for",
  "eligibility.audience": "Audience",
  "eligibility.rule": "Rule",
  ranking: "Ranking",
  "ranking.kind": "Ranking",
  "ranking.formula": "Formula",
  "ranking.exploration": "Exploration share",
};

const fieldLabel = (field: string) => FIELD_LABELS[field] ?? (field.startsWith("eligibility.rule.") ? `Rule, ${field.slice(17)}` : field);

/** A key as the error summary says it: "Placement hero, criterion 2: Formula". */
export function labelForKey(key: string, draft: DecisionDraft): string {
  const m = /^([PC])(\d+)(?:\.(.+))?$/.exec(key);
  if (!m) return { name: "Name", id: "Decision id", allowDuplicates: "Allow duplicates", placements: "Placements" }[key] ?? (key || "Decision");
  const k = Number(m[2]);
  for (const [i, entry] of draft.placements.entries()) {
    const where = `Placement ${entry.placement || i + 1}`;
    if (m[1] === "P" && entry.key === k) return m[3] ? `${where}: ${fieldLabel(m[3])}` : where;
    const j = entry.criteria.findIndex((c) => c.key === k);
    if (m[1] === "C" && j >= 0) return `${where}, criterion ${j + 1}${m[3] ? `: ${fieldLabel(m[3])}` : ""}`;
  }
  return key;
}

/** The id of the control a key's message sits beside, so the summary can link to it. */
export function fieldIdForKey(key: string): string {
  const m = /^([PC])(\d+)(?:\.(.+))?$/.exec(key);
  if (!m) return { name: "decision-name", id: "decision-id", allowDuplicates: "decision-duplicates" }[key] ?? "decision-name";
  const field = m[3] ?? "";
  if (m[1] === "P") return `entry-${m[2]}-${field === "items" ? "items" : field === "fallback" ? "fallback" : "placement"}`;
  if (field.startsWith("eligibility.audience")) return `crit-${m[2]}-audience`;
  if (field.startsWith("eligibility.rule")) return `crit-${m[2]}-rule`;
  if (field.startsWith("eligibility")) return `crit-${m[2]}-eligibility`;
  if (field.startsWith("ranking.formula")) return `crit-${m[2]}-formula`;
  if (field.startsWith("ranking.exploration")) return `crit-${m[2]}-exploration`;
  if (field.startsWith("ranking")) return `crit-${m[2]}-ranking`;
  return `crit-${m[2]}-collection`;
}
