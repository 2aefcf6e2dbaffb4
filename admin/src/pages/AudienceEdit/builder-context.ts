// What every row of the builder needs from the page: how to change the tree, the audiences it can
// refer to, and the messages about each node.
import type { AudienceSummary } from "../../lib/types";
import type { NewKind, NodePatch, RuleNode } from "./rule-tree";

export type BuilderActions = {
  /** Sets fields of one node (the patch suits that node's kind). */
  change: (key: number, patch: NodePatch) => void;
  /** Replaces one node, for edits that touch several fields at once. */
  replace: (key: number, next: RuleNode) => void;
  remove: (key: number) => void;
  add: (groupKey: number, kind: NewKind) => void;
  audiences: AudienceSummary[];
  messagesFor: (key: number) => string[];
};
