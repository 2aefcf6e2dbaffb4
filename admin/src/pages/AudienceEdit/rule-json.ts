// The rule as text for the JSON editor: written with two-space indents, read back with a message
// a person can act on when it is not a JSON object.
import { parseJsonObject } from "../../lib/json-text";
import type { Rule } from "../../lib/types";

export const formatRule = (rule: Rule) => JSON.stringify(rule, null, 2);

export type ParsedText = { ok: true; rule: Rule } | { ok: false; message: string };

export function parseRuleText(text: string): ParsedText {
  const parsed = parseJsonObject(text, {
    empty: "The rule is empty. Write {} for everyone.",
    notObject: 'A rule is a JSON object, such as { "profile.tier": "gold" }.',
  });
  return parsed.ok ? { ok: true, rule: parsed.value } : parsed;
}
