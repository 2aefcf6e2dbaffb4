// The definition as the editor keeps it and as it is sent: a starting one for new journeys,
// empty optional values left out before saving (the API refuses an empty template or label),
// and a comparison that ignores key order.
import type { JourneyAction, JourneyDefinition, JourneyNode } from "../../lib/types";
import { GAP_X, MARGIN, NODE_W } from "./layout";

export const DEFAULT_TIMEOUT_DAYS = 91;

/** A new journey: entered on an event, straight to its end. */
export function starterDefinition(eventType: string): JourneyDefinition {
  return {
    entry: { type: "event", eventType },
    start: "end",
    nodes: { end: { type: "end", position: { x: MARGIN + NODE_W + GAP_X, y: MARGIN } } },
    reentrance: { mode: "never" },
    exit: [],
    timeoutDays: DEFAULT_TIMEOUT_DAYS,
  };
}

/** Fills what older definitions may lack, so the editor always has every field. */
export function normalizeDefinition(raw: JourneyDefinition): JourneyDefinition {
  return { ...raw, nodes: raw.nodes ?? {}, reentrance: raw.reentrance ?? { mode: "never" }, exit: raw.exit ?? [], timeoutDays: raw.timeoutDays ?? DEFAULT_TIMEOUT_DAYS };
}

const blank = (s: string | undefined) => s === undefined || s.trim() === "";

function cleanAction(a: JourneyAction): JourneyAction {
  if (a.kind === "message") {
    const { template, title, body, cta, ...rest } = a;
    return {
      ...rest,
      ...(blank(template) ? {} : { template }),
      ...(blank(title) ? {} : { title }),
      ...(blank(body) ? {} : { body }),
      ...(cta && !(blank(cta.label) && blank(cta.url)) ? { cta } : {}),
    };
  }
  if (a.kind === "update-profile") {
    const { set, unset, ...rest } = a;
    return { ...rest, ...(set && Object.keys(set).length ? { set } : {}), ...(unset?.length ? { unset } : {}) };
  }
  return a;
}

function cleanNode(node: JourneyNode): JourneyNode {
  const { label, ...rest } = node;
  const n = { ...rest, ...(blank(label) ? {} : { label }) } as JourneyNode;
  switch (n.type) {
    case "condition":
    case "split":
      return { ...n, branches: n.branches.map(({ label: l, ...b }) => ({ ...b, ...(blank(l) ? {} : { label: l }) })) } as JourneyNode;
    case "wait": {
      const { for: f, until, untilAttribute, offset, ...w } = n;
      return { ...w, ...(blank(f) ? {} : { for: f }), ...(blank(until) ? {} : { until }), ...(blank(untilAttribute) ? {} : { untilAttribute, ...(blank(offset) ? {} : { offset }) }) };
    }
    case "action":
      return { ...n, action: cleanAction(n.action) };
    default:
      return n;
  }
}

/** The definition as sent: empty optional values left out. */
export function cleanDefinition(def: JourneyDefinition): JourneyDefinition {
  const { throughputPerSecond, ...rest } = def;
  return {
    ...rest,
    nodes: Object.fromEntries(Object.entries(def.nodes).map(([id, n]) => [id, cleanNode(n)])),
    ...(throughputPerSecond ? { throughputPerSecond } : {}),
  };
}

/** JSON with object keys sorted, so two definitions compare by content alone. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export const sameDefinition = (a: JourneyDefinition, b: JourneyDefinition) => canonical(cleanDefinition(a)) === canonical(cleanDefinition(b));
