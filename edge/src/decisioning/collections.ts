/** Collections select offers by tags: any of the qualifiers, or all of them. */
export type CollectionRule = { match: "any" | "all"; tags: readonly string[] };

export function matchesCollection(rule: CollectionRule, tags: readonly string[]): boolean {
  return rule.match === "all" ? rule.tags.every((t) => tags.includes(t)) : rule.tags.some((t) => tags.includes(t));
}
