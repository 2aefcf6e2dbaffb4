// The rule being edited, in two views: the visual builder's tree and the JSON text. Whichever
// was edited last is the rule in force. Editing the text rebuilds the tree when the builder can
// show the rule; when it cannot, the builder steps aside and the JSON editor stays open.
import { computed, signal } from "@preact/signals";
import type { Rule } from "../../lib/types";
import { ruleToTree } from "./from-rule";
import { formatRule, parseRuleText } from "./rule-json";
import { type Group, newGroup } from "./rule-tree";
import { treeToRule } from "./to-rule";

/** The rule to send, or why there is none yet. */
export type Current = { ok: true; rule: Rule } | { ok: false; message: string };

export function ruleEditor(initial: Rule = {}) {
  const tree = signal<Group>(newGroup());
  const text = signal("");
  const source = signal<"builder" | "json">("builder");
  const jsonOpen = signal(false);

  /** Starts over from a stored rule: in the builder when it can show it, else in the JSON editor. */
  function reset(rule: Rule) {
    const read = ruleToTree(rule);
    tree.value = read.ok ? read.tree : newGroup();
    text.value = formatRule(rule);
    source.value = read.ok ? "builder" : "json";
    jsonOpen.value = !read.ok;
  }
  reset(initial);

  const parsedText = computed(() => parseRuleText(text.value));
  /** Whether the builder can show the text; null while the text is not a rule at all. */
  const textShape = computed(() => (parsedText.value.ok ? ruleToTree(parsedText.value.rule) : null));
  const built = computed(() => treeToRule(tree.value));

  /** The builder shows the rule in force: it was edited last, or the text reads into it. */
  const builderUsable = computed(() => source.value === "builder" || textShape.value?.ok === true);
  /** Why the builder cannot show the rule in force, for the note in its place. */
  const builderNote = computed((): string | null => {
    if (builderUsable.value) return null;
    const shape = textShape.value;
    if (shape && !shape.ok) return `The builder cannot show this rule: ${shape.reason}. Edit it as JSON.`;
    return "Fix the JSON to go back to the builder.";
  });

  const current = computed((): Current => {
    if (source.value === "json") {
      const parsed = parsedText.value;
      return parsed.ok ? parsed : { ok: false, message: parsed.message };
    }
    const b = built.value;
    return b.ok ? { ok: true, rule: b.rule } : { ok: false, message: `Fix the rule first: ${b.problems[0].message}` };
  });
  /** The rule in force as one string, so effects only run again when it really changed. */
  const currentKey = computed(() => JSON.stringify(current.value));

  function editTree(change: (root: Group) => Group) {
    tree.value = change(tree.value);
    source.value = "builder";
    const b = built.value;
    if (b.ok) text.value = formatRule(b.rule);
  }

  function setText(value: string) {
    text.value = value;
    source.value = "json";
    const shape = textShape.value;
    if (shape?.ok) tree.value = shape.tree;
  }

  /** Shows or hides the JSON; it stays open while the builder cannot show the rule in force. */
  function toggleJson() {
    if (jsonOpen.value && !builderUsable.value) return;
    if (!jsonOpen.value && built.value.ok && source.value === "builder") text.value = formatRule(built.value.rule);
    jsonOpen.value = !jsonOpen.value;
  }

  /** Rewrites the text tidily; only when it is a rule. */
  function reformat() {
    const parsed = parsedText.value;
    if (parsed.ok) setText(formatRule(parsed.rule));
  }

  return { tree, text, source, jsonOpen, parsedText, built, builderUsable, builderNote, current, currentKey, reset, editTree, setText, toggleJson, reformat };
}

export type RuleEditorState = ReturnType<typeof ruleEditor>;
