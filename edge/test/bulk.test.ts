import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { admin, call, eventually, postJson, seed } from "./helpers";

let sandbox = "";
let key = "";
beforeAll(async () => {
  ({ sandbox } = await seed());
  key = ((await (await admin("POST", `/sandboxes/${sandbox}/api-keys`, { name: "warehouse" })).json()) as { key: string }).key;
});

const bulk = (body: unknown, k = key) => postJson("/v1/events", body, { authorization: `Bearer ${k}` });

describe("POST /v1/events (server bulk)", () => {
  it("requires a valid, unrevoked API key and never shows the key again", async () => {
    expect((await postJson("/v1/events", { events: [] })).status).toBe(401);
    expect((await bulk({ events: [{ type: "x", identities: { crmId: "1" } }] }, "pk_nope.nope")).status).toBe(401);
    const list = await (await admin("GET", `/sandboxes/${sandbox}/api-keys`)).text();
    expect(list).toContain("warehouse");
    expect(list).not.toContain(key.split(".")[1]);

    const { key: temp, apiKey } = (await (await admin("POST", `/sandboxes/${sandbox}/api-keys`, { name: "temp" })).json()) as { key: string; apiKey: { id: string } };
    expect((await bulk({ events: [{ type: "x", identities: { crmId: "1" } }] }, temp)).status).toBe(200);
    expect((await admin("DELETE", `/sandboxes/${sandbox}/api-keys/${apiKey.id}`)).status).toBe(200);
    expect((await bulk({ events: [{ type: "x", identities: { crmId: "1" } }] }, temp)).status).toBe(401);
  });

  it("keeps the good events of a batch and lists the rejected ones by index", async () => {
    const res = await bulk({
      events: [
        { id: "b-ok-1", type: "order.placed", identities: { email: "Buyer@Example.com" }, data: { total: 42 } },
        { id: "b-bad-type", type: "", identities: { email: "buyer@example.com" } },
        { id: "b-no-identity", type: "order.placed" },
        { id: "b-bad-phone", type: "order.placed", identities: { phone: "12" } },
        { id: "b-ok-2", type: "order.shipped", identities: [{ namespace: "email", value: "buyer@example.com" }] },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; duplicates: number; rejected: { index: number; reasons: { path: string }[] }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.reasons[0].path])).toEqual([
      [1, "type"],
      [2, "identities"],
      [3, "identities.0"],
    ]);
    const again = (await (await bulk({ events: [{ id: "b-ok-1", type: "order.placed", identities: { email: "buyer@example.com" } }] })).json()) as { duplicates: number };
    expect(again.duplicates).toBe(1);
    const stored = await eventually(async () => {
      const { results } = await env.DB.prepare("SELECT id FROM events WHERE sandbox_id = ? AND id LIKE 'b-%' ORDER BY id").bind(sandbox).all<{ id: string }>();
      return results.length === 2 ? results : null;
    });
    expect(stored.map((r) => r.id)).toEqual(["b-ok-1", "b-ok-2"]);
  });

  it("answers 400 naming paths when every event is rejected, and 413 over 1 MB", async () => {
    const res = await bulk({ events: [{ type: "x" }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: { path: string }[] } }).error.details[0].path).toBe("events.0.identities");
    const tooMany = await bulk({ events: Array.from({ length: 1001 }, () => ({ type: "x", identities: { crmId: "1" } })) });
    expect(tooMany.status).toBe(400);
    const huge = await call("/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events: [{ type: "x", identities: { crmId: "1" }, data: { blob: "x".repeat(1024 * 1024) } }] }),
    });
    expect(huge.status).toBe(413);
  });

  it("merges two known profiles when an event links their identities, keeping the strongest identity's profile", async () => {
    await bulk({ events: [{ id: "m-1", type: "crm.sync", identities: { crmId: "CRM-9" } }] });
    await bulk({ events: [{ id: "m-2", type: "newsletter.signup", identities: { email: "linked@example.com" } }] });
    await bulk({ events: [{ id: "m-3", type: "crm.link", identities: { crmId: "CRM-9", email: "linked@example.com" } }] });
    const byEmail = (await (await admin("GET", `/sandboxes/${sandbox}/profiles/lookup?ns=email&value=linked@example.com`)).json()) as { profile: { id: string; eventCount: number } };
    const byCrm = (await (await admin("GET", `/sandboxes/${sandbox}/profiles/lookup?ns=crmId&value=CRM-9`)).json()) as { profile: { id: string } };
    expect(byEmail.profile.id).toBe(byCrm.profile.id);
    expect(byEmail.profile.eventCount).toBe(3);
    // And by its id.
    const byId = (await (await admin("GET", `/sandboxes/${sandbox}/profiles/${encodeURIComponent(byEmail.profile.id)}`)).json()) as { profile: { id: string; eventCount: number } };
    expect(byId.profile).toMatchObject({ id: byEmail.profile.id, eventCount: 3 });
    expect((await admin("GET", `/sandboxes/${sandbox}/profiles/nobody-here`)).status).toBe(404);
  });

  it("finds profiles by identity prefix or attribute in the index", async () => {
    await bulk({ events: [{ id: "s-1", type: "profile.update", identities: { email: "searchable@example.com" }, data: { set: { city: "Valparaíso" } } }] });
    const found = await eventually(async () => {
      const res = await admin("GET", `/sandboxes/${sandbox}/profiles?q=searchable`);
      const { items } = (await res.json()) as { items: { identities: { value: string }[]; attributes: Record<string, unknown> }[] };
      return items.length ? items : null;
    });
    expect(found[0].identities.map((i) => i.value)).toContain("searchable@example.com");
    const byCity = (await (await admin("GET", `/sandboxes/${sandbox}/profiles?q=Valpara`)).json()) as { items: unknown[] };
    expect(byCity.items).toHaveLength(1);
  });
});
