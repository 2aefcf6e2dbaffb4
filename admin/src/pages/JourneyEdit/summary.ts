// Words for the boxes: one line saying what a node does, its counts, and the label a screen
// reader announces for the box.
import type { JourneyAction, JourneyEntry, JourneyNode, NodeCounts } from "../../lib/types";
import { typeName } from "./graph";

export function actionSummary(a: JourneyAction): string {
  switch (a.kind) {
    case "message":
      return `${a.channel} message${a.title ? `: ${a.title}` : a.template ? `: ${a.template}` : ""}`;
    case "webhook":
      return a.action ? `webhook ${a.action}` : "webhook";
    case "update-profile": {
      const set = Object.keys(a.set ?? {});
      const parts = [set.length ? `set ${set.join(", ")}` : "", a.unset?.length ? `unset ${a.unset.join(", ")}` : ""].filter(Boolean);
      return parts.length ? parts.join("; ") : "update the profile";
    }
    case "audience-add":
      return a.audience ? `add to ${a.audience}` : "add to an audience";
    case "audience-remove":
      return a.audience ? `remove from ${a.audience}` : "remove from an audience";
  }
}

/** What the node does, in a few words. */
export function nodeSummary(node: JourneyNode): string {
  switch (node.type) {
    case "condition":
      return `${node.branches.length} ${node.branches.length === 1 ? "branch" : "branches"} and else`;
    case "split":
      return node.branches.map((b) => `${b.percent}%`).join(" / ");
    case "wait":
      if (node.for) return `for ${node.for}`;
      if (node.until) return `until ${node.until.replace("T", " ")}`;
      if (node.untilAttribute) return `until ${node.untilAttribute}${node.offset ? ` ${node.offset}` : ""}`;
      return "not set";
    case "wait-event":
      return `${node.eventType || "an event"}, up to ${node.timeout}`;
    case "action":
      return actionSummary(node.action);
    case "jump":
      return node.journey ? `to ${node.journey}` : "to another journey";
    case "end":
      return "the journey ends";
  }
}

export function entrySummary(entry: JourneyEntry): string {
  switch (entry.type) {
    case "event":
      return `on ${entry.eventType || "an event"}${entry.where ? " (with a condition)" : ""}`;
    case "audience":
      return `${entry.on === "exited" ? "leaving" : "entering"} ${entry.audience || "an audience"}`;
    case "read-audience":
      return `reading ${entry.audience || "an audience"} ${entry.schedule.kind === "once" ? "once" : `every ${entry.schedule.every}`}`;
  }
}

/** The counts as the box shows them. */
export function countsLine(c: NodeCounts): string {
  return `${c.entered} in · ${c.waiting} waiting · ${c.exited} out · ${c.errored} err`;
}

export function countsWords(c: NodeCounts): string {
  return `${c.entered} entered, ${c.waiting} waiting, ${c.exited} exited, ${c.errored} errored`;
}

/** The accessible name of a box: its id, type, what it does, its problems and its counts. */
export function nodeLabel(id: string, node: JourneyNode, problems: number, counts?: NodeCounts): string {
  const title = node.label ? `${node.label} (${id})` : id;
  const parts = [`${title}: ${typeName(node.type)}, ${nodeSummary(node)}`];
  if (problems) parts.push(problems === 1 ? "1 problem" : `${problems} problems`);
  if (counts) parts.push(countsWords(counts));
  return parts.join(". ");
}
