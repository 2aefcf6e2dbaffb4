import { describe, expect, it } from "vitest";
import type { Offer } from "../../lib/types";
import { draftFromOffer, emptyDraft, inputFromDraft, labelForPath, parseTags } from "./draft";

const offer: Offer = {
  id: "spring-sale", name: "Spring sale", status: "approved", priority: 10, fallback: false,
  startAt: 1764400000000, endAt: null, tags: ["seasonal"],
  representations: [{ placement: "hero", format: "html", content: "<h2>Hi</h2>", link: "/sale", alt: null }],
  eligibility: null, caps: [], attributes: {}, createdAt: 1, updatedAt: 2,
};

describe("offer draft", () => {
  it("starts a new offer with one representation for the first placement, in its format", () => {
    const draft = emptyDraft([{ id: "hero", name: "Hero", channel: "web", format: "text" }]);
    expect(draft.representations).toHaveLength(1);
    expect(draft.representations[0]).toMatchObject({ placement: "hero", format: "text", content: "" });
  });

  it("round-trips an offer with its caps and attributes, and keeps the schedule the form does not show", () => {
    const caps = [{ counts: "display", scope: "profile" as const, period: { kind: "calendar" as const, unit: "day" as const }, limit: 2, perPlacement: false }];
    const attributes = { margin: 0.4, brand: "Acme", organic: true };
    const { input } = inputFromDraft(draftFromOffer({ ...offer, caps, attributes }), { ...offer, caps, attributes });
    expect(input).toEqual({
      id: "spring-sale", name: "Spring sale", status: "approved", priority: 10, fallback: false,
      startAt: 1764400000000, tags: ["seasonal"], caps, attributes,
      representations: [{ placement: "hero", format: "html", content: "<h2>Hi</h2>", link: "/sale" }],
    });
  });

  it("sends a fallback offer without caps or eligibility, which the API refuses for it", () => {
    const caps = [{ counts: "click", scope: "profile" as const, period: { kind: "lifetime" as const }, limit: 1, perPlacement: false }];
    const stored = { ...offer, caps, eligibility: { audience: "vip" } };
    const { input } = inputFromDraft({ ...draftFromOffer(stored), fallback: true }, stored);
    expect(input?.caps).toEqual([]);
    expect(input).not.toHaveProperty("eligibility");
  });

  it("collects every field it cannot build at once", () => {
    const draft = { ...draftFromOffer(offer), priority: "x" };
    draft.caps = [{ key: 1, counts: "display" as const, eventType: "", scope: "profile" as const, period: "day" as const, timeZone: "", hours: "24", limit: "0", perPlacement: false }];
    draft.attributes = [{ key: 1, name: "stock", type: "number" as const, value: "many" }];
    expect(Object.keys(inputFromDraft(draft, offer).errors ?? {}).sort()).toEqual(["attributes.0.value", "caps.0.limit", "priority"]);
  });

  it("leaves out empty optional fields instead of sending empty strings", () => {
    const draft = { ...emptyDraft([]), name: " Summer ", priority: "5" };
    draft.representations = [{ key: 1, placement: "hero", format: "html", content: "x", link: " ", alt: "" }];
    const { input } = inputFromDraft(draft, null);
    expect(input).not.toHaveProperty("id");
    expect(input?.name).toBe("Summer");
    expect(input?.representations[0]).toEqual({ placement: "hero", format: "html", content: "x" });
  });

  it("refuses a priority that is not a whole number, naming the field", () => {
    expect(inputFromDraft({ ...emptyDraft([]), priority: "1.5" }, null).errors).toHaveProperty("priority");
    expect(inputFromDraft({ ...emptyDraft([]), priority: "" }, null).errors).toHaveProperty("priority");
    expect(inputFromDraft({ ...emptyDraft([]), priority: "-3" }, null).input?.priority).toBe(-3);
  });

  it("splits tags on commas, trimming and dropping blanks and repeats", () => {
    expect(parseTags("seasonal, spring ,, seasonal")).toEqual(["seasonal", "spring"]);
  });

  it("sends an audience's members as the eligibility, and everyone as nothing", () => {
    const draft = { ...draftFromOffer(offer), who: "audience" as const, audience: "gold-members" };
    expect(inputFromDraft(draft, offer).input?.eligibility).toEqual({ audience: "gold-members" });
    expect(inputFromDraft({ ...draft, who: "everyone" }, offer).input).not.toHaveProperty("eligibility");
    expect(inputFromDraft({ ...draft, audience: "" }, offer).errors).toHaveProperty(["eligibility.audience"]);
  });

  it("reads the stored eligibility and keeps a rule of its own, which the form does not edit", () => {
    const withAudience = { ...offer, eligibility: { audience: "vip" } };
    expect(draftFromOffer(withAudience)).toMatchObject({ who: "audience", audience: "vip" });
    const withRule = { ...offer, eligibility: { rule: { "context.utm.campaign": "spring" } } };
    const draft = draftFromOffer(withRule);
    expect(draft).toMatchObject({ who: "rule", audience: "" });
    expect(inputFromDraft(draft, withRule).input?.eligibility).toEqual({ rule: { "context.utm.campaign": "spring" } });
    expect(draftFromOffer(offer)).toMatchObject({ who: "everyone" });
  });

  it("names server field paths the way the form labels them", () => {
    expect(labelForPath("representations.0.content")).toBe("Representation 1, Content");
    expect(labelForPath("priority")).toBe("Priority");
    expect(labelForPath("something.else")).toBe("something.else");
    expect(labelForPath("eligibility.audience")).toBe("Audience");
    expect(labelForPath("eligibility.rule.$and.0")).toBe("Eligibility rule, $and.0");
    expect(labelForPath("caps.1.period.timeZone")).toBe("Cap 2, Time zone");
    expect(labelForPath("caps")).toBe("Caps");
    expect(labelForPath("attributes.0.value")).toBe("Attribute 1, Value");
    expect(labelForPath("attributes.margin")).toBe("Attribute margin");
  });
});
