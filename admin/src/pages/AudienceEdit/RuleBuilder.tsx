// The visual builder over the rule editor's tree: each change goes through the editor, which
// rewrites the JSON. Messages sit beside the node they are about.
import type { FieldIssue } from "../../lib/api-error";
import type { AudienceSummary } from "../../lib/types";
import type { BuilderActions } from "./builder-context";
import { GroupEditor } from "./GroupEditor";
import { placeIssues } from "./issues";
import type { RuleEditorState } from "./rule-editor";
import { addChild, type Group, mapNode, newNode, removeNode, updateNode } from "./rule-tree";

type Props = { editor: RuleEditorState; audiences: AudienceSummary[]; issues: FieldIssue[] };

export function RuleBuilder({ editor, audiences, issues }: Props) {
  const built = editor.built.value;
  const problems = new Map<number, string[]>();
  if (!built.ok) for (const p of built.problems) problems.set(p.key, [...(problems.get(p.key) ?? []), p.message]);
  // The server's paths are into the rule in force: they match the tree only when the builder wrote it.
  const placed = built.ok && editor.source.value === "builder" ? placeIssues(issues, built.locations) : new Map<number, string[]>();

  const actions: BuilderActions = {
    change: (key, patch) => editor.editTree((root) => updateNode(root, key, patch)),
    replace: (key, next) => editor.editTree((root) => mapNode(root, key, () => next) as Group),
    remove: (key) => editor.editTree((root) => removeNode(root, key)),
    add: (groupKey, kind) => editor.editTree((root) => addChild(root, groupKey, newNode(kind))),
    audiences,
    messagesFor: (key) => [...(problems.get(key) ?? []), ...(placed.get(key) ?? [])],
  };
  return <GroupEditor group={editor.tree.value} actions={actions} root />;
}
