import { describe, expect, it } from "vitest";
import { draftFromPlacement, inputFromPlacementDraft } from "./draft";

describe("the placement form", () => {
  it("round-trips a placement with its selector and render action", () => {
    const p = { id: "hero", name: "Hero", channel: "web" as const, format: "html" as const, selector: "#hero", action: "text" as const };
    expect(inputFromPlacementDraft(draftFromPlacement(p))).toEqual({ name: "Hero", channel: "web", format: "html", selector: "#hero", action: "text" });
  });

  it("sends an emptied selector and action as null, so an edit clears them", () => {
    const draft = { ...draftFromPlacement({ id: "hero", name: " Hero ", channel: "web", format: "html", selector: null }), selector: "  " };
    expect(inputFromPlacementDraft(draft)).toEqual({ name: "Hero", channel: "web", format: "html", selector: null, action: null });
  });
});
