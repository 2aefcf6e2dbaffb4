/**
 * Checks of a journey's whole graph, run when a version is published: the start exists, every
 * edge leads to a node, every node is reachable, nothing loops (a walk always reaches an end or
 * a jump), every wait is bounded by the journey's timeout, rules and payload conditions are ones
 * the edge can run, and jumps between journeys never come back round. Each problem names the
 * field it is about (`nodes.wait-1.for`), so the console can pin it to its node.
 */
import { parseDuration } from "../audiences/duration";
import { validatePayload, validateRule } from "../audiences/validate";
import type { ErrorDetail } from "../http/errors";
import type { Definition, JourneyNode } from "./definition";

const DAY_MS = 86_400_000;

/** Every edge leaving a node, with the field that holds it. */
export function edgesOf(node: JourneyNode): { field: string; to: string }[] {
  switch (node.type) {
    case "condition":
      return [...node.branches.map((b, i) => ({ field: `branches.${i}.next`, to: b.next })), { field: "else", to: node.else }];
    case "split":
      return node.branches.map((b, i) => ({ field: `branches.${i}.next`, to: b.next }));
    case "wait-event":
      return [{ field: "next", to: node.next }, { field: "timeoutNext", to: node.timeoutNext }];
    case "wait":
    case "action":
      return [{ field: "next", to: node.next }];
    case "jump":
    case "end":
      return [];
  }
}

export function validateDefinition(def: Definition): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const nodes = def.nodes;
  if (!nodes[def.start]) return [{ path: "start", message: `No node "${def.start}" to start from` }];
  const limit = def.timeoutDays * DAY_MS;

  for (const [id, node] of Object.entries(nodes)) {
    const at = `nodes.${id}`;
    for (const e of edgesOf(node)) if (!nodes[e.to]) errors.push({ path: `${at}.${e.field}`, message: e.to ? `No node "${e.to}"` : "Connect this edge to a node" });
    if (node.type === "condition") node.branches.forEach((b, i) => errors.push(...validateRule(b.rule, `${at}.branches.${i}.rule`)));
    if (node.type === "wait" && node.for && (parseDuration(node.for) ?? 0) > limit) {
      errors.push({ path: `${at}.for`, message: `Waits longer than the journey's timeout (${def.timeoutDays} days)` });
    }
    if (node.type === "wait" && node.until && Number.isNaN(Date.parse(`${node.until}:00Z`))) errors.push({ path: `${at}.until`, message: "Not a date and time" });
    if (node.type === "wait-event") {
      if ((parseDuration(node.timeout) ?? 0) > limit) errors.push({ path: `${at}.timeout`, message: `Waits longer than the journey's timeout (${def.timeoutDays} days)` });
      if (node.where) errors.push(...validatePayload(node.where, `${at}.where`));
    }
  }
  if (def.entry.type === "event" && def.entry.where) errors.push(...validatePayload(def.entry.where, "entry.where"));
  def.exit.forEach((x, i) => {
    if (x.type === "event" && x.where) errors.push(...validatePayload(x.where, `exit.${i}.where`));
  });
  if (errors.length) return errors;

  // Depth-first from the start: grey nodes are on the current path, so an edge to one is a loop.
  const colour = new Map<string, "grey" | "black">();
  const visit = (id: string) => {
    colour.set(id, "grey");
    for (const e of edgesOf(nodes[id])) {
      const c = colour.get(e.to);
      if (c === "grey") errors.push({ path: `nodes.${id}.${e.field}`, message: `Loops back to "${e.to}": a journey must always move on to an end` });
      else if (!c) visit(e.to);
    }
    colour.set(id, "black");
  };
  visit(def.start);
  for (const id of Object.keys(nodes)) if (!colour.has(id)) errors.push({ path: `nodes.${id}`, message: "Not reachable from the start" });
  return errors;
}

/**
 * Jumps between journeys must not come back round (A → B → A would bounce a profile for ever).
 * `journeys` are the other journeys' definitions as they would be live; `id`'s is `def`.
 */
export function validateJumps(id: string, def: Definition, journeys: ReadonlyMap<string, Definition>): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const jumpsOf = (d: Definition) => Object.entries(d.nodes).flatMap(([nid, n]) => (n.type === "jump" ? [{ node: nid, to: n.journey }] : []));
  for (const { node, to } of jumpsOf(def)) {
    if (to === id) {
      errors.push({ path: `nodes.${node}.journey`, message: "A journey cannot jump to itself" });
      continue;
    }
    if (!journeys.has(to)) {
      errors.push({ path: `nodes.${node}.journey`, message: `No live journey "${to}" to jump to` });
      continue;
    }
    // Follow jumps from the target: reaching this journey again is a loop.
    const seen = new Set<string>([to]);
    const queue = [to];
    let loop: string[] | null = null;
    const via = new Map<string, string>();
    while (queue.length && !loop) {
      const current = queue.shift()!;
      for (const j of jumpsOf(journeys.get(current)!)) {
        if (j.to === id) {
          loop = [current];
          for (let back = via.get(current); back; back = via.get(back)) loop.unshift(back);
          break;
        }
        if (!seen.has(j.to) && journeys.has(j.to)) {
          seen.add(j.to);
          via.set(j.to, current);
          queue.push(j.to);
        }
      }
    }
    if (loop) errors.push({ path: `nodes.${node}.journey`, message: `Jumps come back round: ${[id, ...loop, id].join(" → ")}` });
  }
  return errors;
}
