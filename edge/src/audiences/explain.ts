/**
 * Why a rule matched or not: the rule's clauses as a tree, each with its own verdict, and for
 * `$event` the aggregate it measured. For people testing a rule against a profile; the edge
 * itself only ever asks for the verdict.
 */
import type { JsonObject, JsonValue } from "../profiles/events";
import { compileEvent, compileRule, type RuleInput } from "./evaluate";
import type { EventCondition, Rule } from "./rule";

export type Explanation = {
  /** `$and`, `$or`, `$nor`, `$event`, `$audience`, or the field path. */
  clause: string;
  /** Where the clause sits in the rule (`$and.1.profile.tier`). */
  path: string;
  match: boolean;
  condition?: JsonValue;
  /** What `$event` measured (a count, a sum, a value). */
  measured?: JsonValue | null;
  children?: Explanation[];
};

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

function explainDocument(doc: JsonObject, path: string, input: RuleInput): Explanation[] {
  return Object.entries(doc).map(([key, value]): Explanation => {
    const at = path ? `${path}.${key}` : key;
    if ((key === "$and" || key === "$or" || key === "$nor") && Array.isArray(value)) {
      const children = value.map((child, i): Explanation => {
        const parts = isObject(child) ? explainDocument(child, `${at}.${i}`, input) : [];
        return { clause: "(all of)", path: `${at}.${i}`, match: parts.every((p) => p.match), children: parts };
      });
      const match = key === "$and" ? children.every((c) => c.match) : key === "$or" ? children.some((c) => c.match) : !children.some((c) => c.match);
      return { clause: key, path: at, match, children };
    }
    if (key === "$event") {
      const { value: measured, match } = compileEvent(value as unknown as EventCondition)(input);
      return { clause: key, path: at, match, condition: value, measured: measured ?? null };
    }
    return { clause: key, path: at, match: compileRule({ [key]: value } as Rule)(input), condition: value };
  });
}

export function explain(rule: Rule, input: RuleInput): { match: boolean; explanation: Explanation[] } {
  return { match: compileRule(rule)(input), explanation: explainDocument(rule, "", input) };
}
