// Where boxes go on the canvas. Nodes keep the position saved in the definition; those without
// one are laid out in layers from the start, left to right (a node one column right of the
// furthest node leading to it), and moved down out of the way of any box already placed.
// Everything here is deterministic: the same definition always gives the same picture.
import type { JourneyDefinition, NodePosition } from "../../lib/types";
import { ENTRY, type Edge, drawnEdges, outgoing } from "./graph";

export const NODE_W = 216;
export const NODE_MIN_H = 90;
export const PORT_GAP = 22;
export const GAP_X = 90;
export const GAP_Y = 32;
export const MARGIN = 40;

export type Rect = { x: number; y: number; w: number; h: number };

/** A box is tall enough for one port per edge leaving it. */
export function nodeHeight(def: JourneyDefinition, id: string): number {
  if (id === ENTRY) return NODE_MIN_H;
  const node = def.nodes[id];
  const ports = node ? outgoing(id, node).length : 0;
  return Math.max(NODE_MIN_H, ports * PORT_GAP + 30);
}

/** Vertical offset of port `index` of `count` in a box `height` tall, centred. */
export function portOffset(index: number, count: number, height: number): number {
  return height / 2 + (index - (count - 1) / 2) * PORT_GAP;
}

/**
 * Layers from the start by the longest path (edges that close a loop ignored), then the nodes
 * the start does not reach, each a new root; each layer ordered by where its parents sit.
 */
export function autoLayout(def: JourneyDefinition): Record<string, NodePosition> {
  const ids = Object.keys(def.nodes);
  const edges = drawnEdges(def).filter((e) => e.from !== ENTRY);
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) out.get(e.from)!.push(e.to);

  // Depth-first from the start, then from each node not reached yet: preorder, and the edges
  // that are not back edges (those make a DAG).
  const colour = new Map<string, "grey" | "black">();
  const preorder: string[] = [];
  const postorder: string[] = [];
  const dagIn = new Map<string, string[]>(ids.map((id) => [id, []]));
  const visit = (id: string) => {
    colour.set(id, "grey");
    preorder.push(id);
    for (const to of out.get(id) ?? []) {
      const c = colour.get(to);
      if (c === "grey") continue; // closes a loop: ignored for layering
      if (!dagIn.get(to)!.includes(id)) dagIn.get(to)!.push(id);
      if (!c) visit(to);
    }
    colour.set(id, "black");
    postorder.push(id);
  };
  if (def.nodes[def.start]) visit(def.start);
  for (const id of ids) if (!colour.has(id)) visit(id);

  const layer = new Map<string, number>();
  for (const id of [...postorder].reverse()) {
    const parents = dagIn.get(id)!;
    layer.set(id, parents.length ? Math.max(...parents.map((p) => layer.get(p) ?? 1)) + 1 : 1);
  }

  const rank = new Map(preorder.map((id, i) => [id, i]));
  const layers: string[][] = [];
  for (const id of preorder) (layers[layer.get(id)!] ??= []).push(id);
  // One sweep of barycentres: a node sits near the average rank of its parents in the layers before.
  const place = new Map<string, number>();
  for (const row of layers) {
    if (!row) continue;
    const key = (id: string) => {
      const ps = dagIn.get(id)!.filter((p) => place.has(p));
      return ps.length ? ps.reduce((s, p) => s + place.get(p)!, 0) / ps.length : Number.MAX_SAFE_INTEGER;
    };
    row.sort((a, b) => key(a) - key(b) || rank.get(a)! - rank.get(b)!);
    row.forEach((id, i) => place.set(id, i));
  }

  const heights = (row: string[]) => row.reduce((s, id) => s + nodeHeight(def, id), 0) + GAP_Y * (row.length - 1);
  const tallest = Math.max(NODE_MIN_H, ...layers.filter(Boolean).map(heights));
  const positions: Record<string, NodePosition> = {};
  layers.forEach((row, l) => {
    if (!row) return;
    let y = MARGIN + (tallest - heights(row)) / 2;
    for (const id of row) {
      positions[id] = { x: MARGIN + l * (NODE_W + GAP_X), y: Math.round(y) };
      y += nodeHeight(def, id) + GAP_Y;
    }
  });
  return positions;
}

export const overlaps = (a: Rect, b: Rect, gap = 0) => a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;

/** The nearest spot at or below `wanted` where a box of this size touches none of `taken`. */
export function freeSpot(taken: readonly Rect[], wanted: NodePosition, size: { w: number; h: number }): NodePosition {
  const spot = { x: Math.round(wanted.x), y: Math.round(wanted.y) };
  for (let guard = 0; guard < 1000; guard++) {
    const hit = taken.find((r) => overlaps({ ...spot, ...size }, r, GAP_Y / 2));
    if (!hit) return spot;
    spot.y = hit.y + hit.h + GAP_Y;
  }
  return spot;
}

/**
 * The position of every box: saved positions as they are, the others from the auto-layout,
 * moved clear of the saved ones; the entry sits left of everything, level with the start.
 */
export function layoutOf(def: JourneyDefinition): Record<string, Rect> {
  const ids = Object.keys(def.nodes);
  const missing = ids.filter((id) => !def.nodes[id].position);
  const auto = missing.length ? autoLayout(def) : {};
  const rects: Record<string, Rect> = {};
  const taken: Rect[] = [];
  for (const id of ids) {
    const p = def.nodes[id].position;
    if (!p) continue;
    rects[id] = { x: p.x, y: p.y, w: NODE_W, h: nodeHeight(def, id) };
    taken.push(rects[id]);
  }
  for (const id of missing) {
    const size = { w: NODE_W, h: nodeHeight(def, id) };
    const p = taken.length ? freeSpot(taken, auto[id], size) : auto[id];
    rects[id] = { ...p, ...size };
    taken.push(rects[id]);
  }
  const left = ids.length ? Math.min(...ids.map((id) => rects[id].x)) : MARGIN + NODE_W + GAP_X;
  const start = rects[def.start];
  const entryH = nodeHeight(def, ENTRY);
  rects[ENTRY] = { x: left - NODE_W - GAP_X, y: start ? Math.round(start.y + start.h / 2 - entryH / 2) : MARGIN, w: NODE_W, h: entryH };
  return rects;
}

/** The smallest rectangle holding every box. */
export function boundsOf(rects: Record<string, Rect>): Rect {
  const all = Object.values(rects);
  if (!all.length) return { x: 0, y: 0, w: NODE_W, h: NODE_MIN_H };
  const x = Math.min(...all.map((r) => r.x));
  const y = Math.min(...all.map((r) => r.y));
  return { x, y, w: Math.max(...all.map((r) => r.x + r.w)) - x, h: Math.max(...all.map((r) => r.y + r.h)) - y };
}

/** Where a new box goes: right of the selected one (or of everything), clear of the others. */
export function spotForNew(def: JourneyDefinition, rects: Record<string, Rect>, near: string | null): NodePosition {
  const anchor = near ? rects[near] : undefined;
  const others = Object.entries(rects).filter(([id]) => id !== ENTRY).map(([, r]) => r);
  const bounds = boundsOf(rects);
  const wanted = anchor ? { x: anchor.x + NODE_W + GAP_X, y: anchor.y } : { x: bounds.x + bounds.w + GAP_X, y: bounds.y };
  return freeSpot(others, wanted, { w: NODE_W, h: NODE_MIN_H });
}

export type Point = { x: number; y: number };

/** An edge as a curve from its port on the right of one box to the middle of the left of another. */
export function edgeGeometry(def: JourneyDefinition, rects: Record<string, Rect>, edge: Edge): { d: string; label: Point; start: Point; end: Point } | null {
  const from = rects[edge.from];
  const to = rects[edge.to];
  if (!from || !to) return null;
  const ports = edge.from === ENTRY ? [edge] : outgoing(edge.from, def.nodes[edge.from]);
  const index = Math.max(0, ports.findIndex((p) => p.field === edge.field));
  const start = { x: from.x + from.w, y: from.y + portOffset(index, ports.length, from.h) };
  const end = { x: to.x, y: to.y + to.h / 2 };
  // An edge going back left loops under both boxes (and their counts) instead of crossing them.
  const back = end.x < start.x + 30;
  if (back) return { ...loopUnder(start, end, Math.max(from.y + from.h, to.y + to.h) + 24), start, end };
  // A forward edge that skips a layer would run behind the boxes in between: it goes over them.
  const top = Math.min(start.y, end.y) - 8;
  const bottom = Math.max(start.y, end.y) + 8;
  const blockers = Object.entries(rects).filter(
    ([id, r]) => id !== edge.from && id !== edge.to && r.x > start.x && r.x + r.w < end.x && r.y < bottom && r.y + r.h > top,
  );
  if (blockers.length) return { ...loopOver(start, end, Math.min(...blockers.map(([, r]) => r.y)) - 24), start, end };
  return { ...curve(start, end), start, end };
}

/** Up from the port to `high`, across above the boxes in between, and down into the target. */
export function loopOver(start: Point, end: Point, high: number): { d: string; label: Point } {
  const out = 40;
  const d = [
    `M ${r1(start.x)} ${r1(start.y)}`,
    `C ${r1(start.x + out)} ${r1(start.y)}, ${r1(start.x + out)} ${r1(high)}, ${r1(start.x + 2 * out)} ${r1(high)}`,
    `L ${r1(end.x - 2 * out)} ${r1(high)}`,
    `C ${r1(end.x - out)} ${r1(high)}, ${r1(end.x - out)} ${r1(end.y)}, ${r1(end.x)} ${r1(end.y)}`,
  ].join(" ");
  return { d, label: { x: (start.x + end.x) / 2, y: high } };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Out to the right, down to `low`, left under everything, and up into the target from its left. */
export function loopUnder(start: Point, end: Point, low: number): { d: string; label: Point } {
  const out = 40;
  const d = [
    `M ${r1(start.x)} ${r1(start.y)}`,
    `C ${r1(start.x + out)} ${r1(start.y)}, ${r1(start.x + out)} ${r1(low)}, ${r1(start.x)} ${r1(low)}`,
    `L ${r1(end.x)} ${r1(low)}`,
    `C ${r1(end.x - out)} ${r1(low)}, ${r1(end.x - out)} ${r1(end.y)}, ${r1(end.x)} ${r1(end.y)}`,
  ].join(" ");
  return { d, label: { x: (start.x + end.x) / 2, y: low } };
}

/** A horizontal cubic curve, and its point half-way (for the label). */
export function curve(start: Point, end: Point): { d: string; label: Point } {
  const dx = Math.max(40, Math.abs(end.x - start.x) / 2);
  const c1 = { x: start.x + dx, y: start.y };
  const c2 = { x: end.x - dx, y: end.y };
  const label = { x: (start.x + 3 * c1.x + 3 * c2.x + end.x) / 8, y: (start.y + 3 * c1.y + 3 * c2.y + end.y) / 8 };
  return { d: `M ${r1(start.x)} ${r1(start.y)} C ${r1(c1.x)} ${r1(c1.y)}, ${r1(c2.x)} ${r1(c2.y)}, ${r1(end.x)} ${r1(end.y)}`, label };
}
