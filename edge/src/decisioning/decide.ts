/**
 * The decisioning engine: which offers to show in each requested placement.
 *
 * A request names decisions (each covering some placements) or bare placements. A decision's
 * placement has ordered criteria — a collection, who the criterion is for, and a ranking —
 * tried in order until `items` offers are chosen; when none is, its fallback is returned. A bare
 * placement is a decision of one criterion over every offer with a representation there, ranked
 * by priority, falling back to the placement's highest-priority fallback offer.
 *
 * Rankings:
 * - priority: highest first; ties broken by a stable hash of profile and offer, so a visitor
 *   keeps seeing the same offer across reloads while visitors spread over the tied offers;
 * - formula: a score from a safe expression over `offer`, `profile` and `context` (formula.ts);
 * - auto: Thompson sampling on the offer's displays and clicks in that placement (thompson.ts).
 *
 * Candidates come pre-sorted by priority from the snapshot, so a priority ranking walks only as
 * far as the last tie it needs. What the profile may see (eligibility, caps) is judged by the
 * caller — the profile's object, which knows the profile and counts exactly. With a `trace`,
 * every candidate is judged and scored, for explanations.
 */
import type { CompiledItem, DecisionConfig, Eligibility, Ranking, Snapshot } from "../config/snapshot";
import type { DecisionPlacement } from "../../../db/schema";
import { parseFormula, score, type Node, type Scope } from "./formula";
import { fnv1a } from "./hash";
import { rankByThompson, type Random } from "./thompson";

/** Why an offer may not be shown to this profile here, or null when it may. */
export type Verdict = string | null;
export type Judge = (item: CompiledItem, placement: string) => Verdict;

export type Counts = { displays: number; clicks: number };

export type DecideContext = {
  profileId: string;
  now: number;
  /** The offer's own eligibility and caps; everyone may see everything when absent. */
  judge?: Judge;
  /** Whether the profile is one a criterion is for. */
  qualifies?: (e: Eligibility) => boolean;
  /** What formulas read under `profile` and `context`. */
  scope?: Omit<Scope, "offer">;
  /** Displays and clicks of each offer in a placement, for auto-optimisation. */
  stats?: (placement: string) => ReadonlyMap<string, Counts> | undefined;
  random?: Random;
  /** Collects an explanation of every candidate when given. */
  trace?: PlacementTrace[];
};

/** One placement to fill: of a decision, or bare (`decision` null). */
export type Ask = { decision: string | null; placement: string };
export type Choice = { placement: string; decision: string | null; items: CompiledItem[]; fallback: boolean };

export type OfferTrace = {
  offerId: string;
  /** The criterion that looked at it. */
  criterion: number;
  eligible: boolean;
  reason?: string;
  score?: number | null;
  /** Its place in the criterion's ranking (1 = first), among the eligible. */
  rank?: number;
  chosen: boolean;
};
export type CriterionTrace = { index: number; collection: string; qualified: boolean; candidates: number; reason?: string };
export type PlacementTrace = { placement: string; decision: string | null; criteria: CriterionTrace[]; offers: OfferTrace[]; items: string[]; fallback: string | null };

const ALL = "\u0000all";

export const isLive = (item: CompiledItem, now: number) =>
  (item.startAt === null || item.startAt <= now) && (item.endAt === null || now < item.endAt);

/** Why a date keeps an offer out, or null. */
function dateVerdict(item: CompiledItem, now: number): Verdict {
  if (item.startAt !== null && now < item.startAt) return `Starts ${new Date(item.startAt).toISOString()}`;
  if (item.endAt !== null && now >= item.endAt) return `Ended ${new Date(item.endAt).toISOString()}`;
  return null;
}

/** The placements a request asks for, each once, decisions first; unknown names are skipped. */
export function asksOf(snapshot: Snapshot, request: { decisions?: readonly string[]; placements?: readonly string[] }): Ask[] {
  const asks: Ask[] = [];
  const seen = new Set<string>();
  for (const id of new Set(request.decisions ?? [])) {
    const d = snapshot.decisions?.[id];
    if (!d) continue;
    for (const p of d.placements) {
      if (!snapshot.placements[p.placement]) continue;
      asks.push({ decision: id, placement: p.placement });
      seen.add(p.placement);
    }
  }
  for (const placement of new Set(request.placements ?? [])) {
    if (snapshot.placements[placement] && !seen.has(placement)) asks.push({ decision: null, placement });
  }
  return asks;
}

const candidateCache = new WeakMap<Snapshot, Map<string, CompiledItem[]>>();

/** The offers of a collection with a representation in a placement, highest priority first. */
export function candidatesFor(snapshot: Snapshot, collection: string, placement: string): CompiledItem[] {
  const all = snapshot.offersByPlacement[placement] ?? [];
  if (collection === ALL) return all;
  let cache = candidateCache.get(snapshot);
  if (!cache) candidateCache.set(snapshot, (cache = new Map()));
  const key = `${collection}\u0000${placement}`;
  let list = cache.get(key);
  if (!list) {
    const members = new Set(snapshot.collections?.[collection] ?? []);
    cache.set(key, (list = all.filter((i) => members.has(i.offerId))));
  }
  return list;
}

const formulas = new Map<string, Node | null>();
function formulaOf(src: string): Node | null {
  let node = formulas.get(src);
  if (node === undefined) {
    try {
      node = parseFormula(src);
    } catch {
      node = null; // saved formulas are checked; an unparsable one ranks by priority
    }
    if (formulas.size > 1000) formulas.clear();
    formulas.set(src, node);
  }
  return node;
}

const tieHash = (profileId: string, item: CompiledItem) => fnv1a(`${profileId}:${item.offerId}`);

/** A placement as a decision runs it: a bare placement ranks all its offers by priority. */
function entryFor(snapshot: Snapshot, ask: Ask): { entry: DecisionPlacement; allowDuplicates: boolean } | null {
  if (ask.decision === null) {
    const fallback = snapshot.fallbackByPlacement[ask.placement]?.offerId ?? null;
    return { entry: { placement: ask.placement, items: 1, fallback, criteria: [{ collection: ALL, ranking: { kind: "priority" } }] }, allowDuplicates: true };
  }
  const d: DecisionConfig | undefined = snapshot.decisions?.[ask.decision];
  const entry = d?.placements.find((p) => p.placement === ask.placement);
  return d && entry ? { entry, allowDuplicates: d.allowDuplicates } : null;
}

type Ranked = { item: CompiledItem; score?: number | null };

/** The first `need` offers of a ranking that pass their verdicts: the rest are never judged. */
function firstEligible(ranked: Ranked[], need: number, ok: (item: CompiledItem) => boolean): Ranked[] {
  const picked: Ranked[] = [];
  for (const r of ranked) {
    if (picked.length >= need) break;
    if (ok(r.item)) picked.push(r);
  }
  return picked;
}

function rank(list: CompiledItem[], ranking: Ranking, need: number, placement: string, ctx: DecideContext, ok: (item: CompiledItem) => boolean, exhaustive: boolean): Ranked[] {
  if (ranking.kind === "priority" || (ranking.kind === "formula" && !formulaOf(ranking.formula))) {
    const picked: CompiledItem[] = [];
    for (const item of list) {
      // Sorted by priority: once `need` are picked, only ties of the last can still get in.
      if (!exhaustive && picked.length >= need && item.priority < picked[need - 1].priority) break;
      if (ok(item)) picked.push(item);
    }
    const hashes = new Map(picked.map((i) => [i, tieHash(ctx.profileId, i)]));
    return picked.sort((a, b) => b.priority - a.priority || hashes.get(b)! - hashes.get(a)!).map((item) => ({ item }));
  }
  if (ranking.kind === "formula") {
    const node = formulaOf(ranking.formula)!;
    const base = ctx.scope ?? { profile: {}, context: {} };
    // Explanations judge and rank every candidate; a decision scores them all, then judges in
    // rank order only until the placement is filled: the same offers, far fewer verdicts (caps,
    // dates and audiences) over a large collection. Tie hashes are worked out only for ties.
    const scored = (exhaustive ? list.filter(ok) : list).map((item) => ({
      item,
      score: score(node, { profile: base.profile, context: base.context, offer: { id: item.offerId, priority: item.priority, tags: item.tags ?? [], ...item.attributes } }),
    }));
    const hashes = new Map<CompiledItem, number>();
    const hashOf = (item: CompiledItem) => hashes.get(item) ?? hashes.set(item, tieHash(ctx.profileId, item)).get(item)!;
    scored.sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || b.item.priority - a.item.priority || hashOf(b.item) - hashOf(a.item));
    return exhaustive ? scored : firstEligible(scored, need, ok);
  }
  // Thompson sampling: a draw for every candidate, then verdicts in draw order only until the
  // placement is filled (explanations judge every one first). Draws are independent, so the
  // order of the eligible offers is as likely either way.
  const stats = ctx.stats?.(placement);
  const arms = (exhaustive ? list.filter(ok) : list).map((item) => ({ id: item.offerId, displays: stats?.get(item.offerId)?.displays ?? 0, clicks: stats?.get(item.offerId)?.clicks ?? 0, item }));
  const drawn = rankByThompson(arms, ctx.random ?? Math.random, ranking.exploration).map((a) => ({ item: (a as (typeof arms)[number]).item }));
  return exhaustive ? drawn : firstEligible(drawn, need, ok);
}

/** Fills each asked placement. Offers chosen for one placement of a decision are not repeated in its others unless it allows duplicates. */
export function decideAll(snapshot: Snapshot, asks: readonly Ask[], ctx: DecideContext): Choice[] {
  const choices: Choice[] = [];
  const usedBy = new Map<string, Set<string>>();
  const judge = ctx.judge ?? (() => null);
  for (const ask of asks) {
    const found = entryFor(snapshot, ask);
    if (!found) continue;
    const { entry, allowDuplicates } = found;
    const used = allowDuplicates ? new Set<string>() : (usedBy.get(ask.decision ?? "") ?? usedBy.set(ask.decision ?? "", new Set()).get(ask.decision ?? "")!);
    const trace: PlacementTrace | null = ctx.trace ? { placement: ask.placement, decision: ask.decision, criteria: [], offers: [], items: [], fallback: null } : null;
    const chosen: CompiledItem[] = [];
    const chosenIds = new Set<string>();

    for (const [index, criterion] of entry.criteria.entries()) {
      const need = entry.items - chosen.length;
      const list = candidatesFor(snapshot, criterion.collection, ask.placement);
      if (need <= 0 && !trace) break;
      if (criterion.eligibility && !(ctx.qualifies?.(criterion.eligibility) ?? true)) {
        trace?.criteria.push({ index, collection: criterion.collection, qualified: false, candidates: list.length, reason: "The profile is not one this criterion is for" });
        continue;
      }
      trace?.criteria.push({ index, collection: criterion.collection, qualified: true, candidates: list.length, ...(need <= 0 ? { reason: "Not needed: the items were filled" } : {}) });
      const verdicts = trace ? new Map<string, string | null>() : null;
      const ok = (item: CompiledItem) => {
        const verdict =
          (chosenIds.has(item.offerId) ? "Already chosen for this placement" : null) ??
          (used.has(item.offerId) ? "Already shown in another placement of this decision" : null) ??
          dateVerdict(item, ctx.now) ??
          judge(item, ask.placement);
        verdicts?.set(item.offerId, verdict);
        return verdict === null;
      };
      const ranked = need > 0 || trace ? rank(list, criterion.ranking, Math.max(need, 1), ask.placement, ctx, ok, trace !== null) : [];
      const take = ranked.slice(0, Math.max(need, 0));
      for (const r of take) {
        chosen.push(r.item);
        chosenIds.add(r.item.offerId);
      }
      if (trace) {
        const rankOf = new Map(ranked.map((r, i) => [r.item.offerId, { rank: i + 1, score: r.score }]));
        const taken = new Set(take.map((r) => r.item.offerId));
        for (const item of list) {
          const verdict = verdicts!.get(item.offerId) ?? null;
          const r = rankOf.get(item.offerId);
          trace.offers.push({
            offerId: item.offerId, criterion: index, eligible: verdict === null, ...(verdict ? { reason: verdict } : {}),
            ...(r ? { rank: r.rank, ...(r.score !== undefined ? { score: r.score } : {}) } : {}), chosen: taken.has(item.offerId),
          });
        }
      }
    }
    for (const item of chosen) used.add(item.offerId);
    let fallback = false;
    if (!chosen.length && entry.fallback) {
      const item = (snapshot.fallbacks?.[ask.placement] ?? []).find((f) => f.offerId === entry.fallback) ?? (ask.decision === null ? snapshot.fallbackByPlacement[ask.placement] : undefined);
      if (item) {
        chosen.push(item);
        fallback = true;
      }
    }
    if (trace) {
      trace.items = chosen.map((i) => i.offerId);
      trace.fallback = fallback ? chosen[0].offerId : null;
      ctx.trace!.push(trace);
    }
    choices.push({ placement: ask.placement, decision: ask.decision, items: chosen, fallback });
  }
  return choices;
}

/** Bare placements ranked by priority: the simplest request, and what the benchmark times. */
export function decide(snapshot: Snapshot, placements: readonly string[], profileId: string, now: number, judge?: Judge): Choice[] {
  return decideAll(snapshot, asksOf(snapshot, { placements }), { profileId, now, judge });
}
