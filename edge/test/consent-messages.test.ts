/** Consent to collection enforced at the edge, and in-app messages handed over on interact. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, eventually, seed } from "./helpers";
import { client } from "./visitors";

type Answer = {
  propositions: { items: { offerId: string; trackingToken?: string }[] }[];
  messages?: { id: string; kind: string; title?: string; body: string; cta?: { label: string; url: string }; expiresAt: number; trackingToken: string }[];
  consent?: string;
  dropped?: number;
};
type Envelope = { error: { details?: { path: string }[] } };

const stored = async (sandbox: string, profileId: string, type: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM events WHERE sandbox_id = ? AND profile_id = ? AND type = ?").bind(sandbox, profileId, type).first<{ n: number }>())!.n;

describe("consent", () => {
  it("keeps nothing from a profile whose consent to collection is out, and decides without counting", async () => {
    const { sandbox, datastream } = await seed();
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "page.view", data: { url: "https://shop.test/a" } }] });
    await eventually(async () => (await stored(sandbox, visitor.pcid(), "page.view")) === 1);

    const out = (await visitor.send("interact", { events: [{ type: "consent.update", data: { collect: "out" } }, { type: "page.view" }, { type: "cart.add" }], placements: ["hero"] })).body as unknown as Answer;
    expect(out.consent).toBe("out");
    expect(out.dropped).toBe(2);
    expect(out.propositions[0].items[0].trackingToken).toBeUndefined();
    const later = (await visitor.send("interact", { events: [{ type: "page.view" }], placements: ["hero"] })).body as unknown as Answer;
    expect(later).toMatchObject({ consent: "out", dropped: 1 });

    // Back in: collected again. The consent changes themselves are kept, as the record of them.
    await visitor.send("collect", { events: [{ type: "consent.update", data: { collect: "in" } }, { type: "page.view", data: { url: "https://shop.test/b" } }] });
    await eventually(async () => (await stored(sandbox, visitor.pcid(), "page.view")) === 2);
    expect(await stored(sandbox, visitor.pcid(), "cart.add")).toBe(0);
    expect(await stored(sandbox, visitor.pcid(), "consent.update")).toBe(2);
  });
});

describe("in-app messages", () => {
  it("are handed over on interact until displayed, and count their notifications", async () => {
    const { sandbox, datastream } = await seed();
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "page.view" }] });
    const sent = await admin("POST", `/sandboxes/${sandbox}/profiles/${visitor.pcid()}/messages`, {
      kind: "modal", title: "Welcome back", body: "<b>10%</b> off today", cta: { label: "Shop", url: "/demo#shop" },
    });
    expect(sent.status).toBe(201);

    // Not on collect: there is no answer to carry it.
    expect((await visitor.send("collect", { events: [{ type: "page.view" }] })).status).toBe(204);
    const first = (await visitor.send("interact", { events: [] })).body as unknown as Answer;
    expect(first.messages).toHaveLength(1);
    const m = first.messages![0];
    expect(m).toMatchObject({ kind: "modal", title: "Welcome back", body: "<b>10%</b> off today", cta: { label: "Shop", url: "/demo#shop" } });
    expect(m.expiresAt).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    // Received but never shown (the page closed): handed over again.
    expect(((await visitor.send("interact", { events: [] })).body as unknown as Answer).messages?.map((x) => x.id)).toEqual([m.id]);

    await visitor.send("collect", { events: [{ type: "message.display", data: { tokens: [m.trackingToken] } }, { type: "message.dismiss", data: { tokens: [m.trackingToken] } }] });
    expect(((await visitor.send("interact", { events: [] })).body as unknown as Answer).messages).toBeUndefined();

    // Consent out: no message is handed over.
    await admin("POST", `/sandboxes/${sandbox}/profiles/${visitor.pcid()}/messages`, { body: "Hello" });
    await visitor.send("collect", { events: [{ type: "consent.update", data: { collect: "out" } }] });
    expect(((await visitor.send("interact", { events: [] })).body as unknown as Answer).messages).toBeUndefined();
  });

  it("are refused with the field when malformed, and only for profiles that exist", async () => {
    const { sandbox } = await seed();
    const paths = async (id: string, body: unknown) => {
      const res = await admin("POST", `/sandboxes/${sandbox}/profiles/${id}/messages`, body);
      return { status: res.status, paths: ((await res.json()) as Envelope).error?.details?.map((d) => d.path) };
    };
    expect(await paths("nobody", { body: "x", cta: { label: "Go", url: "javascript:alert(1)" } })).toEqual({ status: 400, paths: ["cta.url"] });
    expect(await paths("nobody", { body: "" })).toEqual({ status: 400, paths: ["body"] });
    expect((await paths("nobody", { body: "hi" })).status).toBe(404);
  });
});
