// Adding a node from the palette where it is meant to go: after the selected node. Its first
// edge not connected yet leads to the new node; when it has a single edge already connected
// (the entry, a wait, an action), the new node goes in between, and the boxes from there on
// move one column right to make room. Otherwise the new node is placed free, unconnected.
import type { JourneyDefinition, NodePosition, NodeType } from "../../lib/types";
import { ENTRY, type EdgeRef, addNode, outgoing, placeAll, setEdge } from "./graph";
import { GAP_X, NODE_MIN_H, NODE_W, type Rect, freeSpot, spotForNew } from "./layout";

export type Added = {
  definition: JourneyDefinition;
  id: string;
  /** The edge now leading to the new node, if any. */
  joined: EdgeRef | null;
  /** The node the new one was put in front of, if it was inserted. */
  before: string | null;
};

export function addAfter(def: JourneyDefinition, rects: Record<string, Rect>, from: string | null, type: NodeType): Added {
  const plain = (near: string | null): Added => {
    const { definition, id } = addNode(def, type, spotForNew(def, rects, near));
    return { definition, id, joined: null, before: null };
  };
  if (from === null || (from !== ENTRY && !def.nodes[from]) || !rects[from]) return plain(null);
  const edges = from === ENTRY ? [{ from: ENTRY, field: "start", to: def.start }] : outgoing(from, def.nodes[from]);
  const free = edges.find((e) => !def.nodes[e.to]);
  if (free) {
    const added = addNode(def, type, spotForNew(def, rects, from));
    const joined = { from, field: free.field };
    return { definition: setEdge(added.definition, joined, added.id), id: added.id, joined, before: null };
  }
  if (edges.length !== 1) return plain(from);

  const anchor = rects[from];
  const column = anchor.x + NODE_W + GAP_X;
  const target = edges[0].to;
  const shifted: Record<string, NodePosition> = {};
  for (const id of Object.keys(def.nodes)) if (rects[id].x >= column - NODE_W / 2) shifted[id] = { x: rects[id].x + NODE_W + GAP_X, y: rects[id].y };
  const taken = Object.keys(def.nodes).map((id) => (shifted[id] ? { ...rects[id], ...shifted[id] } : rects[id]));
  const spot = freeSpot(taken, { x: column, y: anchor.y + anchor.h / 2 - NODE_MIN_H / 2 }, { w: NODE_W, h: NODE_MIN_H });
  const added = addNode(placeAll(def, shifted), type, spot);
  const joined = { from, field: edges[0].field };
  let next = setEdge(added.definition, joined, added.id);
  const onward = outgoing(added.id, next.nodes[added.id])[0];
  if (onward) next = setEdge(next, onward, target);
  return { definition: next, id: added.id, joined, before: onward ? target : null };
}
