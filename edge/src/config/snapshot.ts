/**
 * The compiled, immutable configuration of one sandbox at one version: what the edge reads on the
 * hot path. Compiling does the work once at publish time (filtering, indexing offers by
 * placement, sorting by priority) so deciding is a walk over a short, pre-sorted list.
 */

import type { DecisionPlacement, Eligibility, Ranking } from "../../../db/schema";
import { matchesCollection } from "../decisioning/collections";
import type { Definition } from "../journeys/definition";
import type { CapRule } from "../decisioning/capping";

export type Format = "html" | "text" | "image" | "json";

export type PlacementConfig = {
  id: string;
  name: string;
  channel: "web" | "app" | "email" | "code";
  format: Format;
  selector: string | null;
  action?: "html" | "text" | "image" | "attribute" | "json" | null;
};

export type { Eligibility, Ranking };

/**
 * A journey version the edge runs: live (new entries start here), stopped (those inside
 * finish), or a draft in test mode (only its test profiles enter, and their waits last seconds).
 */
export type JourneyConfig = { id: string; version: number; status: "live" | "stopped" | "test"; definition: Definition; testProfiles?: string[] };

/** A decision as the edge runs it: per placement, criteria tried in order to fill `items`. */
export type DecisionConfig = { id: string; allowDuplicates: boolean; placements: DecisionPlacement[] };

export type CompiledItem = {
  offerId: string;
  /** Who may see it; absent for everyone. */
  eligibility?: Eligibility;
  /** How often it may be decided, shown or clicked; absent when never capped. */
  caps?: CapRule[];
  priority: number;
  startAt: number | null;
  endAt: number | null;
  format: Format;
  content: string;
  link?: string;
  alt?: string;
  /** Offer tags and attributes, for formulas (`offer.tags`, `offer.margin`); absent when empty. */
  tags?: string[];
  attributes?: Record<string, string | number | boolean>;
};

export type SandboxSettings = {
  timeZone: string;
  mergePolicy: "last-write" | "known-wins";
  schemaMode: "lenient" | "strict";
  anonymousTtlDays: number;
};

/** JSON Schema documents as stored; the schemas module validates and compiles them. */
export type SchemaSet = {
  /** Schema of profile attributes, if any. */
  profile: Record<string, unknown> | null;
  /** Schema of the payload (`data`) of each event type that has one. */
  events: Record<string, Record<string, unknown>>;
};

export type Snapshot = {
  sandbox: string;
  version: number;
  publishedAt: number;
  settings: SandboxSettings;
  schemas: SchemaSet;
  /** Custom identity namespaces, besides the built-in pcid, email, phone and crmId. */
  namespaces: string[];
  datastreams: Record<string, { allowedOrigins: string[] }>;
  placements: Record<string, PlacementConfig>;
  /** Approved, non-fallback offers per placement, highest priority first. */
  offersByPlacement: Record<string, CompiledItem[]>;
  /** The fallback per placement: the highest-priority approved fallback offer with a representation there. */
  fallbackByPlacement: Record<string, CompiledItem>;
  /** Every approved fallback offer per placement, for decisions that name theirs. */
  fallbacks: Record<string, CompiledItem[]>;
  /** The approved, non-fallback offers each collection selects, by id. */
  collections: Record<string, string[]>;
  decisions: Record<string, DecisionConfig>;
  /** Journey versions that may have profiles inside: every live one, and stopped ones still draining. */
  journeys?: JourneyConfig[];
  /** Audience rules, each after the audiences it refers to. */
  audiences: AudienceConfig[];
};

/** An audience: a rule, or (with `list`, the list's version) the people named in an uploaded list. */
export type AudienceConfig = { id: string; rule: Record<string, unknown>; list?: number };

export type OfferSource = {
  id: string;
  status: "draft" | "approved" | "archived";
  priority: number;
  fallback: boolean;
  startAt: number | null;
  endAt: number | null;
  representations: { placement: string; format: Format; content: string; link?: string | null; alt?: string | null }[];
  eligibility?: Eligibility | null;
  caps?: CapRule[];
  tags?: string[];
  attributes?: Record<string, string | number | boolean>;
};

export type SandboxSource = {
  sandbox: string;
  settings: SandboxSettings;
  schemas: SchemaSet;
  namespaces: string[];
  datastreams: { id: string; allowedOrigins: string[] }[];
  placements: PlacementConfig[];
  offers: OfferSource[];
  /** In an order where each audience comes after those it refers to. */
  audiences?: AudienceConfig[];
  collections?: { id: string; match: "any" | "all"; tags: string[] }[];
  decisions?: DecisionConfig[];
  journeys?: JourneyConfig[];
};

const byPriority = (a: CompiledItem, b: CompiledItem) => b.priority - a.priority || (a.offerId < b.offerId ? -1 : 1);

export function compileSnapshot(src: SandboxSource, version: number, publishedAt: number): Snapshot {
  const placements: Snapshot["placements"] = {};
  for (const p of src.placements) placements[p.id] = p;

  const offersByPlacement: Snapshot["offersByPlacement"] = {};
  const fallbacks: Record<string, CompiledItem[]> = {};
  for (const p of src.placements) offersByPlacement[p.id] = [];

  for (const offer of src.offers) {
    if (offer.status !== "approved") continue;
    for (const rep of offer.representations) {
      if (!placements[rep.placement]) continue;
      const item: CompiledItem = {
        offerId: offer.id,
        priority: offer.priority,
        startAt: offer.fallback ? null : offer.startAt,
        endAt: offer.fallback ? null : offer.endAt,
        format: rep.format,
        content: rep.content,
      };
      if (rep.link) item.link = rep.link;
      if (rep.alt) item.alt = rep.alt;
      if (offer.eligibility && !offer.fallback) item.eligibility = offer.eligibility;
      if (offer.caps?.length && !offer.fallback) item.caps = offer.caps;
      if (offer.tags?.length) item.tags = offer.tags;
      if (offer.attributes && Object.keys(offer.attributes).length) item.attributes = offer.attributes;
      (offer.fallback ? (fallbacks[rep.placement] ??= []) : offersByPlacement[rep.placement]).push(item);
    }
  }

  const fallbackByPlacement: Snapshot["fallbackByPlacement"] = {};
  for (const [placement, list] of Object.entries(fallbacks)) fallbackByPlacement[placement] = list.sort(byPriority)[0];
  for (const list of Object.values(offersByPlacement)) list.sort(byPriority);

  // Offers by tag, so each collection reads only the offers of its tags, not the whole library.
  const byTag = new Map<string, OfferSource[]>();
  for (const o of src.offers) {
    if (o.status !== "approved" || o.fallback) continue;
    for (const t of new Set(o.tags ?? [])) (byTag.get(t) ?? byTag.set(t, []).get(t)!).push(o);
  }
  const collections: Snapshot["collections"] = {};
  for (const c of src.collections ?? []) {
    const seen = new Set<string>();
    const ids: string[] = [];
    for (const t of c.tags) {
      for (const o of byTag.get(t) ?? []) {
        if (seen.has(o.id)) continue;
        seen.add(o.id);
        if (matchesCollection(c, o.tags ?? [])) ids.push(o.id);
      }
    }
    collections[c.id] = ids;
  }
  const decisions: Snapshot["decisions"] = {};
  for (const d of src.decisions ?? []) decisions[d.id] = d;

  const datastreams: Snapshot["datastreams"] = {};
  for (const d of src.datastreams) datastreams[d.id] = { allowedOrigins: d.allowedOrigins };

  return {
    sandbox: src.sandbox,
    version,
    publishedAt,
    settings: src.settings,
    schemas: src.schemas,
    namespaces: src.namespaces,
    datastreams,
    placements,
    offersByPlacement,
    fallbackByPlacement,
    fallbacks,
    collections,
    decisions,
    journeys: src.journeys ?? [],
    audiences: src.audiences ?? [],
  };
}

export function summarize(s: Snapshot): Record<string, number> {
  const offers = new Set<string>();
  for (const list of Object.values(s.offersByPlacement)) for (const i of list) offers.add(i.offerId);
  return {
    placements: Object.keys(s.placements).length,
    offers: offers.size,
    fallbacks: Object.keys(s.fallbackByPlacement).length,
    collections: Object.keys(s.collections ?? {}).length,
    decisions: Object.keys(s.decisions ?? {}).length,
    journeys: (s.journeys ?? []).filter((j) => j.status === "live").length,
    datastreams: Object.keys(s.datastreams).length,
    audiences: s.audiences.length,
  };
}

export const DEFAULT_SETTINGS: SandboxSettings = { timeZone: "UTC", mergePolicy: "last-write", schemaMode: "lenient", anonymousTtlDays: 30 };

/** A sandbox with nothing configured: a base for tests and generated benchmark configs. */
export const emptySource = (sandbox: string): SandboxSource => ({
  sandbox,
  settings: DEFAULT_SETTINGS,
  schemas: { profile: null, events: {} },
  namespaces: [],
  datastreams: [],
  placements: [],
  offers: [],
});
