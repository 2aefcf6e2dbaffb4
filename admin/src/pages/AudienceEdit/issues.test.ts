import { describe, expect, it } from "vitest";
import { pathInRule, placeIssues } from "./issues";

describe("the server's messages about a rule", () => {
  it("keeps only paths inside the rule, without the prefix", () => {
    expect(pathInRule("rule.$and.1.profile.email.$regex")).toBe("$and.1.profile.email.$regex");
    expect(pathInRule("rule")).toBe("");
    expect(pathInRule("name")).toBeNull();
    expect(pathInRule("ruler")).toBeNull();
    expect(pathInRule("eligibility.rule.profile.x", "eligibility.rule")).toBe("profile.x");
  });

  it("goes to the deepest node whose place starts the path", () => {
    const locations = new Map([
      [1, "$and"],
      [2, "$and.0.profile.email"],
      [3, "$and.1.$or"],
      [4, "$and.1.$or.0.$event"],
      [5, "$and.10.profile.e"],
    ]);
    const placed = placeIssues(
      [
        { path: "$and.0.profile.email.$regex", message: "Could backtrack" },
        { path: "$and.1.$or.0.$event.within", message: "A duration" },
        { path: "$and.1.$or.3", message: "Each condition is an object" },
        { path: "", message: "Cycle a → b → a" },
        { path: "$and.10.profile.email", message: "Not this one" },
      ],
      locations,
    );
    // The whole rule's message has no node here: the list beside the rule shows it.
    expect(Object.fromEntries(placed)).toEqual({ 1: ["Not this one"], 2: ["Could backtrack"], 3: ["Each condition is an object"], 4: ["A duration"] });
  });

  it("puts messages about the whole rule on a one-condition rule's root", () => {
    expect(Object.fromEntries(placeIssues([{ path: "", message: "Unknown audience" }], new Map([[7, ""], [8, "profile.x"]])))).toEqual({ 7: ["Unknown audience"] });
  });
});
