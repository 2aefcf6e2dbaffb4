/** Offer caps counted in the profile's object: exact per profile, even under concurrent requests. */
import { describe, expect, it } from "vitest";
import { admin, seed } from "./helpers";
import { client } from "./visitors";

type Envelope = { error: { details?: { path: string; message: string }[] } };
const heroOf = (body: { propositions: { placement: string; items: { offerId: string; trackingToken: string }[] }[] } | null) => body!.propositions.find((p) => p.placement === "hero")!.items[0];

async function capSpringSale(sandbox: string, caps: unknown[]) {
  const current = (await (await admin("GET", `/sandboxes/${sandbox}/offers/spring-sale`)).json()) as { offer: Record<string, unknown> };
  const { name, status, priority, fallback, tags, representations } = current.offer;
  const res = await admin("PUT", `/sandboxes/${sandbox}/offers/spring-sale`, { name, status, priority, fallback, tags, representations, caps });
  expect(res.status, await res.clone().text()).toBe(200);
  expect((await admin("POST", `/sandboxes/${sandbox}/publish`)).status).toBe(201);
}

describe("offer caps", () => {
  it("swaps in the next offer once a profile has seen one twice today", async () => {
    const { sandbox, datastream } = await seed();
    await capSpringSale(sandbox, [{ counts: "display", period: { kind: "calendar", unit: "day" }, limit: 2 }]);
    const visitor = client(datastream);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await visitor.send("interact", { events: [], placements: ["hero"] });
      const item = heroOf(answer.body);
      seen.push(item.offerId);
      await visitor.send("collect", { events: [{ type: "proposition.display", data: { tokens: [item.trackingToken] } }] });
    }
    expect(seen).toEqual(["spring-sale", "spring-sale", "free-shipping"]);
    // A display notification sent twice for one token counts once.
    const other = client(datastream);
    const first = heroOf((await other.send("interact", { events: [], placements: ["hero"] })).body);
    for (let i = 0; i < 3; i++) await other.send("collect", { events: [{ type: "proposition.display", data: { tokens: [first.trackingToken] } }] });
    expect(heroOf((await other.send("interact", { events: [], placements: ["hero"] })).body).offerId).toBe("spring-sale");
  });

  it("never decides a capped offer more often than its cap, under 50 concurrent requests for one profile", async () => {
    const { sandbox, datastream } = await seed();
    await capSpringSale(sandbox, [{ counts: "decision", period: { kind: "lifetime" }, limit: 5 }]);
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "page.view" }] }); // the cookie first
    const answers = await Promise.all(Array.from({ length: 50 }, () => visitor.send("interact", { events: [], placements: ["hero"] })));
    const offers = answers.map((a) => heroOf(a.body).offerId);
    expect(offers.filter((o) => o === "spring-sale")).toHaveLength(5);
    expect(offers.filter((o) => o === "free-shipping")).toHaveLength(45);
  });

  it("counts events of a type that name the offer", async () => {
    const { sandbox, datastream } = await seed();
    await capSpringSale(sandbox, [{ counts: "order.placed", period: { kind: "rolling", hours: 24 }, limit: 1 }]);
    const visitor = client(datastream);
    expect(heroOf((await visitor.send("interact", { events: [], placements: ["hero"] })).body).offerId).toBe("spring-sale");
    await visitor.send("collect", { events: [{ type: "order.placed", data: { offerId: "spring-sale", total: 30 } }] });
    expect(heroOf((await visitor.send("interact", { events: [], placements: ["hero"] })).body).offerId).toBe("free-shipping");
  });

  it("refuses caps it cannot honour, naming the field", async () => {
    const { sandbox } = await seed();
    const base = { name: "x", status: "approved", representations: [{ placement: "hero", format: "html", content: "x" }] };
    const paths = async (body: unknown) => ((await (await admin("POST", `/sandboxes/${sandbox}/offers`, body)).json()) as Envelope).error.details!.map((d) => d.path);
    const daily = { counts: "display", period: { kind: "calendar", unit: "day" }, limit: 1 };
    expect(await paths({ ...base, caps: [{ ...daily, scope: "everyone" }] })).toEqual(["caps.0.scope"]);
    expect(await paths({ ...base, caps: [{ ...daily, period: { kind: "calendar", unit: "day", timeZone: "Mars/Olympus" } }] })).toEqual(["caps.0.period.timeZone"]);
    expect(await paths({ ...base, caps: [{ ...daily, limit: 0 }] })).toEqual(["caps.0.limit"]);
    expect(await paths({ ...base, caps: Array.from({ length: 11 }, () => daily) })).toEqual(["caps"]);
    expect(await paths({ ...base, fallback: true, caps: [daily] })).toEqual(["caps"]);
  });
});

describe("caps across all profiles", () => {
  it("never decides an offer more often than its global cap, whatever the concurrency", async () => {
    const { sandbox, datastream } = await seed();
    await capSpringSale(sandbox, [{ counts: "decision", scope: "global", period: { kind: "calendar", unit: "day" }, limit: 7 }]);
    const visitors = Array.from({ length: 40 }, () => client(datastream));
    const answers = await Promise.all(visitors.map((v) => v.send("interact", { events: [], placements: ["hero"] })));
    const offers = answers.map((a) => heroOf(a.body).offerId);
    expect(offers.filter((o) => o === "spring-sale")).toHaveLength(7);
    expect(offers.filter((o) => o === "free-shipping")).toHaveLength(33);
    // A dry run checks the cap and takes nothing: the offer stays capped, and the count stays at 7.
    const dry = await client(datastream).send("interact", { events: [], placements: ["hero"], dryRun: true });
    expect(heroOf(dry.body).offerId).toBe("free-shipping");
  });

  it("counts displays across profiles: a third visitor gets the next offer once two have seen it", async () => {
    const { sandbox, datastream } = await seed();
    await capSpringSale(sandbox, [{ counts: "display", scope: "global", period: { kind: "lifetime" }, limit: 2 }]);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const visitor = client(datastream);
      const item = heroOf((await visitor.send("interact", { events: [], placements: ["hero"] })).body);
      seen.push(item.offerId);
      await visitor.send("collect", { events: [{ type: "proposition.display", data: { tokens: [item.trackingToken] } }] });
    }
    expect(seen).toEqual(["spring-sale", "spring-sale", "free-shipping"]);
  });
});
