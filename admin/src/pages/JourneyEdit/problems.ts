// Problems pinned where they belong. The API names each by a path into the definition
// (`nodes.wait-1.for`, `start`, `entry.where`; publish prefixes them with `definition.`); a
// path into a node goes on that node's box and panel, the rest at the top of the editor. The
// editor adds its own: edges not connected yet, which the API cannot even receive.
import type { FieldProblem, JourneyDefinition } from "../../lib/types";
import { ENTRY, edgesOf, outgoing } from "./graph";

/** A problem of one node: `field` is the path inside it ("" for the node itself). */
export type NodeProblem = { field: string; message: string };
export type Pinned = {
  /** Problems of the journey as a whole (and of nodes that no longer exist), in order. */
  journey: FieldProblem[];
  /** By node id; ENTRY holds the entry's and the start's. */
  nodes: Record<string, NodeProblem[]>;
};

/** The path inside the definition: the API's publish answer prefixes it with `definition.`. */
export const definitionPath = (path: string) => path.replace(/^definition\./, "");

/** The node and field a path names, or null for a journey-level path. */
export function nodeOfPath(path: string): { node: string; field: string } | null {
  const p = definitionPath(path);
  const m = /^nodes\.([^.]+)(?:\.(.*))?$/.exec(p);
  return m ? { node: m[1], field: m[2] ?? "" } : null;
}

export function pinProblems(problems: readonly FieldProblem[], nodeIds: Iterable<string>): Pinned {
  const known = new Set(nodeIds);
  const pinned: Pinned = { journey: [], nodes: {} };
  const seen = new Set<string>();
  for (const raw of problems) {
    const path = definitionPath(raw.path);
    const key = `${path}\n${raw.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = nodeOfPath(path);
    if (at && known.has(at.node)) {
      (pinned.nodes[at.node] ??= []).push({ field: at.field, message: raw.message });
      continue;
    }
    pinned.journey.push({ path, message: raw.message });
    if (path === "start" || path.startsWith("entry")) (pinned.nodes[ENTRY] ??= []).push({ field: path, message: raw.message });
  }
  return pinned;
}

/** The edges not connected yet, as problems at their fields (the API refuses an empty target). */
export function unconnected(def: JourneyDefinition): FieldProblem[] {
  return edgesOf(def)
    .filter((e) => e.to === "")
    .map((e) => (e.from === ENTRY ? { path: "start", message: "Choose the node the journey starts with" } : { path: `nodes.${e.from}.${e.field}`, message: "Not connected: choose the next node" }));
}

const TOP_LEVEL: Record<string, string> = {
  name: "Name",
  description: "Description",
  start: "Start",
  entry: "Entry",
  reentrance: "Re-entrance",
  exit: "Exit criteria",
  timeoutDays: "Timeout",
  throughputPerSecond: "Throughput",
  nodes: "Nodes",
};

/** A journey-level path as words: "Entry: where", "Exit criteria 2: event type". */
export function journeyPathLabel(path: string): string {
  const at = nodeOfPath(path);
  if (at) return at.field ? `Node ${at.node}: ${at.field}` : `Node ${at.node}`;
  const [head, ...rest] = definitionPath(path).split(".");
  const name = TOP_LEVEL[head] ?? head;
  if (head === "exit" && /^\d+$/.test(rest[0] ?? "")) return [`${name} ${Number(rest[0]) + 1}`, ...rest.slice(1)].join(": ");
  return rest.length ? `${name}: ${rest.join(".")}` : name;
}

/** A field inside a node as words, for its panel: "Branch 2: next", "On timeout". */
export function nodeFieldLabel(def: JourneyDefinition, id: string, field: string): string {
  if (!field) return "This node";
  const node = def.nodes[id];
  const edge = node ? outgoing(id, node).find((e) => e.field === field) : undefined;
  if (edge) return edge.kind === "next" ? "Next" : edge.kind === "timeout" ? "On timeout" : edge.kind === "event" ? "When the event comes" : edge.kind === "else" ? "Else" : `${edge.label}: next`;
  const branch = /^branches\.(\d+)\.(.+)$/.exec(field);
  if (branch) return `Branch ${Number(branch[1]) + 1}: ${branch[2]}`;
  const words: Record<string, string> = {
    for: "Wait for", until: "Until", untilAttribute: "Until attribute", offset: "Offset", eventType: "Event type", where: "Payload condition", timeout: "Timeout",
    journey: "Journey", branches: "Branches", label: "Label", "action.body": "Message", "action.title": "Title", "action.channel": "Channel", "action.template": "Template",
    "action.action": "Webhook action", "action.audience": "Audience", "action.set": "Set", "action.unset": "Unset", "action.cta.url": "Button link", "action.cta.label": "Button label",
  };
  return words[field] ?? field;
}

/** Whether a node's problem belongs to a given field of the panel (the field itself or inside it). */
export const isAt = (problem: NodeProblem, field: string) => problem.field === field || problem.field.startsWith(`${field}.`);
