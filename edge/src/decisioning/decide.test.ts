import { describe, expect, it } from "vitest";
import { compileSnapshot, emptySource, type OfferSource } from "../config/snapshot";
import { decide } from "./decide";

const hero = { id: "hero", name: "Hero", channel: "web" as const, format: "html" as const, selector: null };
const rep = (content: string) => [{ placement: "hero", format: "html" as const, content }];
const offer = (id: string, priority: number, extra: Partial<OfferSource> = {}): OfferSource => ({
  id, status: "approved", priority, fallback: false, startAt: null, endAt: null, representations: rep(id), ...extra,
});
const snapshotOf = (offers: OfferSource[]) =>
  compileSnapshot({ ...emptySource("prod"), placements: [hero], offers }, 1, 0);

describe("decide", () => {
  it("returns the highest-priority approved offer", () => {
    const s = snapshotOf([offer("low", 1), offer("high", 9), offer("mid", 5)]);
    expect(decide(s, ["hero"], "p1", 1000)[0].item?.offerId).toBe("high");
  });

  it("ignores drafts, archived offers and offers outside their dates", () => {
    const s = snapshotOf([
      offer("draft", 99, { status: "draft" }),
      offer("archived", 98, { status: "archived" }),
      offer("future", 97, { startAt: 5000 }),
      offer("expired", 96, { endAt: 500 }),
      offer("live", 1),
    ]);
    expect(decide(s, ["hero"], "p1", 1000)[0].item?.offerId).toBe("live");
  });

  it("falls back when no offer is live, and says so", () => {
    const s = snapshotOf([offer("expired", 5, { endAt: 10 }), offer("welcome", 0, { fallback: true })]);
    const [choice] = decide(s, ["hero"], "p1", 1000);
    expect(choice).toMatchObject({ fallback: true, item: { offerId: "welcome" } });
  });

  it("breaks priority ties the same way for one profile on every call, and spreads profiles", () => {
    const s = snapshotOf([offer("a", 5), offer("b", 5), offer("c", 5)]);
    const first = decide(s, ["hero"], "visitor-1", 0)[0].item?.offerId;
    for (let i = 0; i < 20; i++) expect(decide(s, ["hero"], "visitor-1", i)[0].item?.offerId).toBe(first);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(decide(s, ["hero"], `visitor-${i}`, 0)[0].item!.offerId);
    expect([...seen].sort()).toEqual(["a", "b", "c"]);
  });

  it("skips unknown placements and answers each placement once", () => {
    const s = snapshotOf([offer("a", 1)]);
    expect(decide(s, ["hero", "nope", "hero"], "p", 0).map((c) => c.placement)).toEqual(["hero"]);
  });
});
