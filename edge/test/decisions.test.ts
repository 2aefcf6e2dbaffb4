/** Collections and decisions through the admin API, run at the edge by /v1/interact and /v1/decide. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { storeEvents } from "../src/dataset/consumer";
import { profileStub } from "../src/profiles/stub";
import { admin, call, cookieOf, eventually, seed } from "./helpers";
import { client } from "./visitors";

type Item = { offerId: string; trackingToken?: string; content: string };
type Prop = { placement: string; decision: string | null; items: Item[]; fallback: boolean };
type Envelope = { error: { code: string; details?: { path: string; message: string }[] } };

const ok = async (res: Response, status = 200) => {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json() as Promise<Record<string, unknown>>;
};

/** The demo sandbox, plus a side placement, five tagged offers, two collections and a decision over both placements. */
async function library() {
  const { sandbox, datastream } = await seed();
  const sb = `/sandboxes/${sandbox}`;
  await ok(await admin("POST", `${sb}/placements`, { id: "side", name: "Sidebar", format: "html" }), 201);
  const offer = (id: string, priority: number, tags: string[], extra: Record<string, unknown> = {}) =>
    admin("POST", `${sb}/offers`, {
      id, name: id, status: "approved", priority, tags,
      representations: ["hero", "side"].map((placement) => ({ placement, format: "html", content: `<p>${id}</p>` })),
      ...extra,
    });
  for (const [id, priority, tags, extra] of [
    ["gold-1", 50, ["gold"], { eligibility: { rule: { "profile.tier": "gold" } } }],
    ["deal-1", 40, ["deal"], {}],
    ["deal-2", 30, ["deal"], { attributes: { margin: 5 } }],
    ["deal-3", 20, ["deal"], { attributes: { margin: 80 } }],
  ] as const) await ok(await offer(id, priority, [...tags], extra), 201);
  await ok(await admin("POST", `${sb}/offers`, { id: "side-welcome", name: "Side welcome", status: "approved", fallback: true, representations: [{ placement: "side", format: "html", content: "<p>hi</p>" }] }), 201);
  await ok(await admin("POST", `${sb}/collections`, { id: "gold", name: "Gold", tags: ["gold"] }), 201);
  await ok(await admin("POST", `${sb}/collections`, { id: "deals", name: "Deals", tags: ["deal", "seasonal"], match: "any" }), 201);
  const decision = {
    id: "home",
    name: "Home page",
    placements: [
      { placement: "hero", items: 1, criteria: [{ collection: "gold", ranking: { kind: "priority" } }, { collection: "deals" }] },
      { placement: "side", items: 2, fallback: "side-welcome", criteria: [{ collection: "deals", ranking: { kind: "formula", formula: "coalesce(offer.margin, 0)" } }] },
    ],
  };
  await ok(await admin("POST", `${sb}/decisions`, decision), 201);
  await ok(await admin("POST", `${sb}/publish`), 201);
  return { sandbox, datastream, sb, decision };
}

const ids = (p: Prop | undefined) => p?.items.map((i) => i.offerId);

describe("decisions", () => {
  it("fills each placement of a decision by its criteria, without repeating an offer", async () => {
    const { datastream } = await library();
    const visitor = client(datastream);
    const { body } = await visitor.send("interact", { events: [{ type: "page.view" }], decisions: ["home"] });
    const props = body!.propositions as unknown as Prop[];
    expect(props.map((p) => [p.placement, p.decision])).toEqual([["hero", "home"], ["side", "home"]]);
    // Not gold: the first criterion finds nothing eligible, the second ranks by priority.
    expect(ids(props[0])).toEqual(["deal-1"]);
    // Ranked by margin; deal-1 is already in the hero.
    expect(ids(props[1])).toEqual(["deal-3", "deal-2"]);
    expect(props[1].items.every((i) => typeof i.trackingToken === "string")).toBe(true);

    await visitor.send("collect", { events: [{ type: "profile.update", data: { set: { tier: "gold" } } }] });
    const gold = (await visitor.send("interact", { events: [], decisions: ["home"] })).body!.propositions as unknown as Prop[];
    expect(ids(gold[0])).toEqual(["gold-1"]);
  });

  it("keeps a visitor's offer among equal priorities across reloads", async () => {
    const { sandbox, datastream, sb } = await library();
    for (const id of ["tie-a", "tie-b", "tie-c"]) {
      await ok(await admin("POST", `${sb}/offers`, { id, name: id, status: "approved", priority: 99, representations: [{ placement: "hero", format: "html", content: id }] }), 201);
    }
    await ok(await admin("POST", `${sb}/publish`), 201);
    expect(sandbox).toBeTruthy();
    const firsts = new Set<string>();
    for (let v = 0; v < 12; v++) {
      const visitor = client(datastream);
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) seen.add(ids(((await visitor.send("interact", { events: [], placements: ["hero"] })).body!.propositions as unknown as Prop[])[0])![0]);
      expect(seen.size).toBe(1);
      firsts.add([...seen][0]);
    }
    expect(firsts.size).toBeGreaterThan(1);
  });

  it("answers GET /v1/decide like interact, and a dry run counts nothing", async () => {
    const { sandbox, datastream } = await library();
    const res = await call(`/v1/decide?datastream=${datastream}&decision=home`);
    const body = (await ok(res)) as { pcid: string; propositions: Prop[] };
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(ids(body.propositions[1])).toEqual(["deal-3", "deal-2"]);
    const pcid = cookieOf(res, "pcid")!;

    const dry = (await ok(await call(`/v1/decide?datastream=${datastream}&placement=hero,side&dryRun=1`, { headers: { cookie: `pcid=${pcid}` } }))) as { propositions: Prop[] };
    expect(dry.propositions.map((p) => p.placement)).toEqual(["hero", "side"]);
    expect(dry.propositions.flatMap((p) => p.items).every((i) => i.trackingToken === undefined)).toBe(true);
    const profile = await profileStub(env, sandbox, pcid).describe(sandbox, pcid);
    expect(profile!.counters["deal-1"].decisions).toBe(1);

    const bad = (await (await call(`/v1/decide?datastream=${datastream}`)).json()) as Envelope;
    expect(bad.error.details?.map((d) => d.path)).toEqual(["placement"]);
  });

  it("counts decisions, displays and clicks per offer once each, for reports", async () => {
    const { sandbox, datastream, sb } = await library();
    const visitor = client(datastream);
    const props = (await visitor.send("interact", { events: [], decisions: ["home"] })).body!.propositions as unknown as Prop[];
    const token = props[1].items[0].trackingToken!;
    await visitor.send("collect", { events: [{ type: "proposition.display", data: { tokens: [token, props[0].items[0].trackingToken] } }] });
    await visitor.send("collect", { events: [{ type: "proposition.click", data: { tokens: [token] } }] });
    type Stat = { offerId: string; decisions: number; displays: number; clicks: number; ctr: number | null };
    const stats = await eventually(async () => {
      const { items } = (await (await admin("GET", `${sb}/offers/stats`)).json()) as { items: Stat[] };
      const deal = items.find((i) => i.offerId === "deal-3");
      return deal?.clicks ? items : null;
    });
    expect(stats.find((s) => s.offerId === "deal-3")).toEqual({ offerId: "deal-3", decisions: 1, displays: 1, clicks: 1, ctr: 1 });
    expect(stats.find((s) => s.offerId === "deal-1")).toMatchObject({ decisions: 1, displays: 1, clicks: 0, ctr: 0 });
    const side = (await (await admin("GET", `${sb}/offers/stats?placement=side`)).json()) as { items: Stat[] };
    expect(side.items.map((s) => s.offerId).sort()).toEqual(["deal-2", "deal-3"]);

    // A message delivered twice counts once.
    // Thirty items in one event: more than D1 binds in one statement.
    const items = Array.from({ length: 30 }, (_, i) => ({ offerId: i % 2 ? "deal-2" : "deal-3", placement: `p${i % 15}` }));
    const again = { kind: "events" as const, sandbox, profileId: "p-x", receivedAt: Date.now(), events: [{ id: "dup-1", type: "proposition.decided", ts: Date.now(), data: { items } }] };
    await storeEvents(env, again);
    await storeEvents(env, again);
    const row = await env.DB.prepare("SELECT sum(decisions) AS n, count(*) AS rows FROM offer_stats WHERE sandbox_id = ? AND placement LIKE 'p%'").bind(sandbox).first<{ n: number; rows: number }>();
    expect(row).toEqual({ n: 30, rows: 30 });
  });

  it("refuses decisions that name what does not exist, with the field", async () => {
    const { sb, decision } = await library();
    const paths = async (body: unknown, method = "POST", path = `${sb}/decisions`) => ((await (await admin(method, path, body)).json()) as Envelope).error.details?.map((d) => d.path);
    const place = decision.placements[1];
    expect(await paths({ ...decision, id: "d2", placements: [{ ...place, placement: "nowhere" }] })).toEqual(["placements.0.placement"]);
    expect(await paths({ ...decision, id: "d2", placements: [{ ...place, criteria: [{ collection: "nope" }] }] })).toEqual(["placements.0.criteria.0.collection"]);
    expect(await paths({ ...decision, id: "d2", placements: [{ ...place, fallback: "deal-1" }] })).toEqual(["placements.0.fallback"]);
    expect(await paths({ ...decision, id: "d2", placements: [place, place] })).toEqual(["placements.1.placement"]);
    expect(await paths({ ...decision, id: "d2", placements: [{ ...place, items: 31 }] })).toEqual(["placements.0.items"]);
    expect(await paths({ ...decision, id: "d2", placements: [{ ...place, criteria: [{ collection: "deals", ranking: { kind: "formula", formula: "offer.margin *" } }] }] })).toEqual([
      "placements.0.criteria.0.ranking.formula",
    ]);
    expect(await paths({ ...decision, id: "d2", placements: [{ ...place, criteria: [{ collection: "deals", eligibility: { audience: "ghosts" } }] }] })).toEqual([
      "placements.0.criteria.0.eligibility.audience",
    ]);
    expect(await paths({ name: "c", tags: [] }, "POST", `${sb}/collections`)).toEqual(["tags"]);
    const inUse = (await (await admin("DELETE", `${sb}/collections/deals`)).json()) as Envelope;
    expect(inUse.error.code).toBe("in_use");
    expect(inUse.error.details?.map((d) => d.path)).toEqual(["decisions.home"]);
  });

  it("lists collections with the offers they select", async () => {
    const { sb } = await library();
    const { items } = (await (await admin("GET", `${sb}/collections`)).json()) as { items: { id: string; size: number }[] };
    expect(items.map((c) => [c.id, c.size])).toEqual([["deals", 4], ["gold", 1]]);
    const one = (await (await admin("GET", `${sb}/collections/deals`)).json()) as { offers: { id: string }[] };
    expect(one.offers.map((o) => o.id).sort()).toEqual(["deal-1", "deal-2", "deal-3", "spring-sale"]);
  });

  it("explains, offer by offer, why a profile gets what it gets", async () => {
    const { datastream, sb, sandbox } = await library();
    // A per-profile cap the visitor reaches: deal-3 twice a day at most.
    const current = ((await (await admin("GET", `${sb}/offers/deal-3`)).json()) as { offer: Record<string, unknown> }).offer;
    const { name, status, priority, tags, representations, attributes } = current;
    await ok(await admin("PUT", `${sb}/offers/deal-3`, { name, status, priority, tags, representations, attributes, caps: [{ counts: "decision", period: { kind: "calendar", unit: "day" }, limit: 2 }] }));
    await ok(await admin("POST", `${sb}/publish`), 201);
    const visitor = client(datastream);
    for (let i = 0; i < 2; i++) await visitor.send("interact", { events: [], decisions: ["home"] });

    type Sim = { profile: { id: string; found: boolean }; placements: { placement: string; items: string[]; fallback: string | null; criteria: { qualified: boolean }[]; offers: { offerId: string; name: string; eligible: boolean; reason?: string; score?: number | null; rank?: number; chosen: boolean }[] }[] };
    const sim = (await ok(await admin("POST", `${sb}/decisions/home/simulate`, { profileId: visitor.pcid() }))) as unknown as Sim;
    expect(sim.profile).toEqual({ id: visitor.pcid(), found: true });
    const [heroTrace, side] = sim.placements;
    expect(heroTrace.criteria.map((c) => c.qualified)).toEqual([true, true]);
    expect(heroTrace.offers.find((o) => o.offerId === "gold-1")).toMatchObject({ eligible: false, reason: "Does not match the offer's eligibility rule", chosen: false });
    expect(side.offers.find((o) => o.offerId === "deal-3")).toMatchObject({ eligible: false, reason: "Capped: 2 of 2 decisions today" });
    expect(side.offers.find((o) => o.offerId === "deal-2")).toMatchObject({ eligible: true, score: 5, rank: 1, chosen: true, name: "deal-2" });
    expect(side.items).toEqual(["deal-2"]);
    expect((sim as unknown as { names: Record<string, string> }).names["deal-2"]).toBe("deal-2"); // deal-1 is in the hero; spring-sale has no sidebar representation
    // Nothing was counted: the same simulation answers the same.
    expect(await ok(await admin("POST", `${sb}/decisions/home/simulate`, { profileId: visitor.pcid() }))).toMatchObject({ placements: sim.placements });

    // What if this person were gold? And a new visitor tomorrow, when the cap has reset.
    const gold = (await ok(await admin("POST", `${sb}/decisions/home/simulate`, { profileId: visitor.pcid(), attributes: { tier: "gold" } }))) as unknown as Sim;
    expect(gold.placements[0].items).toEqual(["gold-1"]);
    const fresh = (await ok(await admin("POST", `${sb}/decisions/home/simulate`, {}))) as unknown as Sim;
    expect(fresh.profile.found).toBe(false);
    expect(fresh.placements[1].items).toEqual(["deal-3", "deal-2"]);

    const bad = (await (await admin("POST", `${sb}/decisions/home/simulate`, { profileId: "x", identity: { namespace: "email", value: "a@b.c" } })).json()) as Envelope;
    expect(bad.error.details?.map((d) => d.path)).toEqual(["identity"]);
    expect((await admin("POST", `${sb}/decisions/nope/simulate`, {})).status).toBe(404);
    expect(sandbox).toBeTruthy();
  });
});

describe("personalised offer content", () => {
  it("fills tokens from the profile, escaped in html, and refuses templates that do not parse", async () => {
    const { datastream, sb } = await library();
    const content = `<p title="{{ profile.firstName }}">Hello {{ profile.firstName | default: "there" }}{% if profile.tier == "gold" %}, gold member{% endif %}</p>`;
    await ok(await admin("POST", `${sb}/offers`, { id: "hello", name: "Hello", status: "approved", priority: 1000, representations: [{ placement: "hero", format: "html", content }] }), 201);
    await ok(await admin("POST", `${sb}/publish`), 201);
    const visitor = client(datastream);
    const hero = async () => ((await visitor.send("interact", { events: [], placements: ["hero"] })).body!.propositions as unknown as Prop[])[0].items[0].content;
    expect(await hero()).toBe(`<p title="">Hello there</p>`);
    await visitor.send("collect", { events: [{ type: "profile.update", data: { set: { firstName: `"><script>alert(1)</script>`, tier: "gold" } } }] });
    expect(await hero()).toBe(`<p title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">Hello &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;, gold member</p>`);

    const bad = (await (await admin("POST", `${sb}/offers`, { name: "Broken", representations: [{ placement: "hero", format: "html", content: "Hi {% if profile.x %}" }] })).json()) as Envelope;
    expect(bad.error.details?.map((d) => d.path)).toEqual(["representations.0.content"]);
  });
});

describe("offer preview", () => {
  it("renders content as the edge would, with a sample profile, and names template errors", async () => {
    const { sb } = await library();
    const body = { format: "html", content: `<p>Hi {{ profile.firstName | default: "there" }}</p>`, profile: { firstName: "<Ada>" } };
    expect(await ok(await admin("POST", `${sb}/offers/preview`, body))).toEqual({ format: "html", content: "<p>Hi &lt;Ada&gt;</p>" });
    const bad = (await (await admin("POST", `${sb}/offers/preview`, { ...body, content: "{{ profile.x | nope }}" })).json()) as Envelope;
    expect(bad.error.details?.map((d) => d.path)).toEqual(["content"]);
  });
});
