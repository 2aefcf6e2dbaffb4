import { describe, expect, it } from "vitest";
import type { Decision, Offer } from "../../lib/types";
import {
  criterionKey, draftFromDecision, emptyDecisionDraft, entryKey, errorUnder, fallbackChoices, fieldIdForKey, inputFromDecisionDraft, keyErrors, labelForKey, moveItem,
  newCriterion,
} from "./draft";

const decision: Decision = {
  id: "home", name: "Home page", allowDuplicates: true, createdAt: 1, updatedAt: 2,
  placements: [
    {
      placement: "hero", items: 2, fallback: "welcome",
      criteria: [
        { collection: "vip", eligibility: { audience: "gold" }, ranking: { kind: "formula", formula: "offer.priority * 2" } },
        { collection: "seasonal", eligibility: { rule: { "profile.tier": "silver" } }, ranking: { kind: "auto", exploration: 0.125 } },
        { collection: "all", eligibility: null, ranking: { kind: "priority" } },
      ],
    },
  ],
};

describe("the decision draft", () => {
  it("round-trips a decision: eligibility of every kind, every ranking, fallback and items", () => {
    const draft = draftFromDecision(decision);
    expect(draft.placements[0].criteria.map((c) => [c.who, c.ranking, c.exploration])).toEqual([["audience", "formula", "10"], ["rule", "auto", "12.5"], ["everyone", "priority", "10"]]);
    expect(inputFromDecisionDraft(draft).input).toEqual({
      id: "home", name: "Home page", allowDuplicates: true,
      placements: [
        {
          placement: "hero", items: 2, fallback: "welcome",
          criteria: [
            { collection: "vip", eligibility: { audience: "gold" }, ranking: { kind: "formula", formula: "offer.priority * 2" } },
            { collection: "seasonal", eligibility: { rule: { "profile.tier": "silver" } }, ranking: { kind: "auto", exploration: 0.125 } },
            { collection: "all", ranking: { kind: "priority" } },
          ],
        },
      ],
    });
  });

  it("starts with one placement and one criterion, and leaves out an empty id and fallback", () => {
    const draft = { ...emptyDecisionDraft([{ id: "hero" }], [{ id: "seasonal" }]), name: " Home " };
    expect(inputFromDecisionDraft(draft).input).toEqual({ name: "Home", allowDuplicates: false, placements: [{ placement: "hero", items: 1, criteria: [{ collection: "seasonal", ranking: { kind: "priority" } }] }] });
  });

  it("names what it cannot build by row, whatever the order", () => {
    const draft = emptyDecisionDraft([], []);
    const entry = draft.placements[0];
    entry.items = "0";
    const c = entry.criteria[0];
    Object.assign(c, { ranking: "auto", exploration: "150", who: "rule", ruleText: "{ nope" });
    const errors = inputFromDecisionDraft(draft).errors!;
    expect(Object.keys(errors).sort()).toEqual(
      [entryKey(entry, "items"), entryKey(entry, "placement"), criterionKey(c, "collection"), criterionKey(c, "eligibility.rule"), criterionKey(c, "ranking.exploration")].sort(),
    );
    Object.assign(c, { ranking: "formula", formula: " ", ruleText: "[]" });
    expect(inputFromDecisionDraft(draft).errors).toHaveProperty([criterionKey(c, "ranking.formula")]);
    expect(inputFromDecisionDraft(draft).errors![criterionKey(c, "eligibility.rule")]).toMatch(/JSON object/);
  });

  it("keys the server's messages to the rows they were about, so they follow a moved criterion", () => {
    const draft = draftFromDecision(decision);
    const [first, second] = draft.placements[0].criteria;
    const keyed = keyErrors(
      {
        "placements.0.criteria.1.ranking.formula": "Unexpected ) (at character 4)",
        "placements.0.fallback": "No fallback offer",
        "placements.0.criteria.0.eligibility.rule.profile.x": "Unknown attribute",
        name: "Name is required",
        "placements.9.placement": "Out of range",
      },
      draft,
    );
    expect(keyed).toEqual({
      [criterionKey(second, "ranking.formula")]: "Unexpected ) (at character 4)",
      [entryKey(draft.placements[0], "fallback")]: "No fallback offer",
      [criterionKey(first, "eligibility.rule.profile.x")]: "Unknown attribute",
      name: "Name is required",
      "placements.9.placement": "Out of range",
    });
    expect(errorUnder(keyed, criterionKey(first, "eligibility.rule"))).toBe("profile.x: Unknown attribute");
    expect(errorUnder(keyed, criterionKey(second, "ranking.formula"))).toBe("Unexpected ) (at character 4)");

    // Moved up, the second criterion is now first: its message is still its own.
    draft.placements[0].criteria = moveItem(draft.placements[0].criteria, 1, -1);
    expect(labelForKey(criterionKey(second, "ranking.formula"), draft)).toBe("Placement hero, criterion 1: Formula");
    expect(labelForKey(entryKey(draft.placements[0], "fallback"), draft)).toBe("Placement hero: Fallback offer");
    expect(labelForKey("name", draft)).toBe("Name");
    expect(fieldIdForKey(criterionKey(second, "ranking.formula"))).toBe(`crit-${second.key}-formula`);
    expect(fieldIdForKey(entryKey(draft.placements[0], "items"))).toBe(`entry-${draft.placements[0].key}-items`);
  });

  it("moves criteria up and down, and not past either end", () => {
    expect(moveItem(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
    const list = [newCriterion("x"), newCriterion("y")];
    expect(moveItem(list, 1, -1).map((c) => c.collection)).toEqual(["y", "x"]);
    expect(list.map((c) => c.collection)).toEqual(["x", "y"]);
  });

  it("offers as fallbacks only fallback offers with content for the placement", () => {
    const offer = (id: string, fallback: boolean, placement: string) => ({ id, name: id, fallback, representations: [{ placement }] }) as unknown as Offer;
    expect(fallbackChoices([offer("welcome", true, "hero"), offer("sale", false, "hero"), offer("footer", true, "footer")], "hero").map((o) => o.id)).toEqual(["welcome"]);
  });
});
