// The journey as a graph: its edges (each held by one field of one node), and the changes the
// canvas makes — add, remove, rename and move nodes, connect and disconnect edges — each
// returning a new definition, so the editor's signal changes only through these functions.
//
// An edge not yet connected holds "" as its target. The API refuses such a definition (a node
// id is required), so the editor reports them itself before saving (problems.ts).
import type { ActionKind, JourneyAction, JourneyDefinition, JourneyNode, NodePosition, NodeType } from "../../lib/types";

/** The entry, drawn as the first box of the canvas; its one edge is the definition's `start`. */
export const ENTRY = "@entry";

/** Types in the palette's order, with their names in the console. */
export const NODE_TYPES: readonly { type: NodeType; name: string; hint: string }[] = [
  { type: "condition", name: "Condition", hint: "Branches tried in order by a rule on the profile, and else" },
  { type: "split", name: "Split", hint: "Shares of profiles, stable per profile" },
  { type: "wait", name: "Wait", hint: "For a duration, until a date and time, or until a profile attribute's time" },
  { type: "wait-event", name: "Wait for event", hint: "Until an event comes, or a timeout" },
  { type: "action", name: "Action", hint: "Send a message, call a webhook, update the profile, add to or remove from an audience" },
  { type: "jump", name: "Jump", hint: "Go on in another journey" },
  { type: "end", name: "End", hint: "The instance ends here" },
];

export const typeName = (type: NodeType): string => NODE_TYPES.find((t) => t.type === type)?.name ?? type;

/** Where an edge is held: the node (or ENTRY) and the field of that node (`next`, `branches.1.next`, `start`). */
export type EdgeRef = { from: string; field: string };
export type EdgeKind = "start" | "next" | "branch" | "else" | "event" | "timeout";
export type Edge = EdgeRef & { to: string; kind: EdgeKind; label: string };

export const sameRef = (a: EdgeRef, b: EdgeRef) => a.from === b.from && a.field === b.field;
export const refKey = (r: EdgeRef) => `${r.from}:${r.field}`;

/** The edges leaving a node, in the order its fields hold them, connected or not. */
export function outgoing(id: string, node: JourneyNode): Edge[] {
  switch (node.type) {
    case "condition":
      return [
        ...node.branches.map((b, i): Edge => ({ from: id, field: `branches.${i}.next`, to: b.next, kind: "branch", label: b.label || `Branch ${i + 1}` })),
        { from: id, field: "else", to: node.else, kind: "else", label: "else" },
      ];
    case "split":
      return node.branches.map((b, i): Edge => ({ from: id, field: `branches.${i}.next`, to: b.next, kind: "branch", label: b.label ? `${b.label} · ${b.percent}%` : `${b.percent}%` }));
    case "wait-event":
      return [
        { from: id, field: "next", to: node.next, kind: "event", label: node.eventType ? `on ${node.eventType}` : "on the event" },
        { from: id, field: "timeoutNext", to: node.timeoutNext, kind: "timeout", label: "timeout" },
      ];
    case "wait":
    case "action":
      return [{ from: id, field: "next", to: node.next, kind: "next", label: "" }];
    case "jump":
    case "end":
      return [];
  }
}

/** Every edge of the journey, the entry's first, then node by node. */
export function edgesOf(def: JourneyDefinition): Edge[] {
  return [{ from: ENTRY, field: "start", to: def.start, kind: "start", label: "" }, ...Object.entries(def.nodes).flatMap(([id, n]) => outgoing(id, n))];
}

/** Edges whose target exists: the ones the canvas draws. */
export function drawnEdges(def: JourneyDefinition): Edge[] {
  return edgesOf(def).filter((e) => e.to !== "" && def.nodes[e.to] !== undefined);
}

export function successors(def: JourneyDefinition, id: string): string[] {
  return unique(drawnEdges(def).filter((e) => e.from === id).map((e) => e.to));
}

export function predecessors(def: JourneyDefinition, id: string): string[] {
  return unique(drawnEdges(def).filter((e) => e.to === id).map((e) => e.from));
}

const unique = (xs: string[]) => [...new Set(xs)];

/** Sets where one edge leads ("" disconnects it). */
export function setEdge(def: JourneyDefinition, ref: EdgeRef, to: string): JourneyDefinition {
  if (ref.from === ENTRY) return { ...def, start: to };
  const node = def.nodes[ref.from];
  if (!node) return def;
  return { ...def, nodes: { ...def.nodes, [ref.from]: withEdge(node, ref.field, to) } };
}

function withEdge(node: JourneyNode, field: string, to: string): JourneyNode {
  const branch = /^branches\.(\d+)\.next$/.exec(field);
  if (branch && (node.type === "condition" || node.type === "split")) {
    const i = Number(branch[1]);
    if (node.type === "condition") return { ...node, branches: node.branches.map((b, j) => (j === i ? { ...b, next: to } : b)) };
    return { ...node, branches: node.branches.map((b, j) => (j === i ? { ...b, next: to } : b)) };
  }
  if (field === "else" && node.type === "condition") return { ...node, else: to };
  if (field === "next" && (node.type === "wait" || node.type === "wait-event" || node.type === "action")) return { ...node, next: to };
  if (field === "timeoutNext" && node.type === "wait-event") return { ...node, timeoutNext: to };
  return node;
}

/** A new node of a type with its defaults: every edge unconnected, every required value a sensible start. */
export function newNode(type: NodeType, position?: NodePosition): JourneyNode {
  const at = position ? { position: { x: Math.round(position.x), y: Math.round(position.y) } } : {};
  switch (type) {
    case "condition":
      return { type, ...at, branches: [{ label: "Branch 1", rule: {}, next: "" }], else: "" };
    case "split":
      return { type, ...at, branches: [{ label: "A", percent: 50, next: "" }, { label: "B", percent: 50, next: "" }] };
    case "wait":
      return { type, ...at, for: "1d", next: "" };
    case "wait-event":
      return { type, ...at, eventType: "", timeout: "1d", next: "", timeoutNext: "" };
    case "action":
      return { type, ...at, action: newAction("message"), next: "" };
    case "jump":
      return { type, ...at, journey: "" };
    case "end":
      return { type, ...at };
  }
}

/** An action of a kind with empty values, for when the kind changes in the panel. */
export function newAction(kind: ActionKind): JourneyAction {
  switch (kind) {
    case "message":
      return { kind, channel: "in-app", title: "", body: "" };
    case "webhook":
      return { kind, action: "" };
    case "update-profile":
      return { kind, set: {} };
    case "audience-add":
    case "audience-remove":
      return { kind, audience: "" };
  }
}

/** The first free id for a type: `wait-1`, `wait-2`… */
export function freeId(def: JourneyDefinition, type: NodeType): string {
  for (let n = 1; ; n++) if (!def.nodes[`${type}-${n}`]) return `${type}-${n}`;
}

export function addNode(def: JourneyDefinition, type: NodeType, position?: NodePosition): { definition: JourneyDefinition; id: string } {
  const id = freeId(def, type);
  return { id, definition: { ...def, nodes: { ...def.nodes, [id]: newNode(type, position) } } };
}

/**
 * Removes a node and disconnects every edge that led to it, the start included, so no edge
 * points at a node that is gone; `cleared` says which, for the editor to tell the user.
 */
export function removeNode(def: JourneyDefinition, id: string): { definition: JourneyDefinition; cleared: EdgeRef[] } {
  if (!def.nodes[id]) return { definition: def, cleared: [] };
  const { [id]: _, ...rest } = def.nodes;
  let next: JourneyDefinition = { ...def, nodes: rest };
  const cleared = edgesOf(next).filter((e) => e.to === id).map(({ from, field }) => ({ from, field }));
  for (const ref of cleared) next = setEdge(next, ref, "");
  return { definition: next, cleared };
}

export const NODE_ID = /^[A-Za-z0-9][\w-]{0,63}$/;

/** Renames a node and every reference to it; an id that is taken or malformed is refused. */
export function renameNode(def: JourneyDefinition, from: string, to: string): { ok: true; definition: JourneyDefinition } | { ok: false; message: string } {
  if (from === to) return { ok: true, definition: def };
  if (!NODE_ID.test(to)) return { ok: false, message: "Letters, digits, - and _, starting with a letter or digit (64 at most)" };
  if (def.nodes[to]) return { ok: false, message: `A node "${to}" exists already` };
  const node = def.nodes[from];
  if (!node) return { ok: false, message: `No node "${from}"` };
  // Keep the key order, so the tab order of the canvas does not change.
  const nodes = Object.fromEntries(Object.entries(def.nodes).map(([k, n]) => (k === from ? [to, n] : [k, n])));
  let next: JourneyDefinition = { ...def, nodes };
  for (const e of edgesOf(next)) if (e.to === from) next = setEdge(next, e, to);
  return { ok: true, definition: next };
}

export function moveNode(def: JourneyDefinition, id: string, position: NodePosition): JourneyDefinition {
  const node = def.nodes[id];
  if (!node) return def;
  return { ...def, nodes: { ...def.nodes, [id]: { ...node, position: { x: Math.round(position.x), y: Math.round(position.y) } } } };
}

export function updateNode(def: JourneyDefinition, id: string, node: JourneyNode): JourneyDefinition {
  if (!def.nodes[id]) return def;
  return { ...def, nodes: { ...def.nodes, [id]: node } };
}

/** Writes positions for many nodes at once (the tidy-up). */
export function placeAll(def: JourneyDefinition, positions: Record<string, NodePosition>): JourneyDefinition {
  const nodes = Object.fromEntries(
    Object.entries(def.nodes).map(([id, n]) => {
      const p = positions[id];
      return [id, p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n];
    }),
  );
  return { ...def, nodes };
}

/** What a person calls an edge: "wait-1 → next", "the start". */
export function describeRef(def: JourneyDefinition, ref: EdgeRef): string {
  if (ref.from === ENTRY) return "the start of the journey";
  const node = def.nodes[ref.from];
  const edge = node ? outgoing(ref.from, node).find((e) => e.field === ref.field) : undefined;
  return edge?.label ? `${ref.from} (${edge.label})` : ref.from;
}
