/** Email tracking end to end: tracked links, the click redirect, the open pixel, unsubscribe and consent. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { renderMessage } from "../src/content/render";
import { signToken, trackEmail, trackEmailParts, trackingSecret, verifyToken } from "../src/content/tracking";
import { call, eventually, ORIGIN, seed } from "./helpers";
import { client, lookup } from "./visitors";

type Event = { type: string; data: Record<string, unknown> };

const secret = () => trackingSecret(env)!;
const options = (sandbox: string, profileId: string, deliveryId = "d-1") => ({ sandbox, deliveryId, profileId, baseUrl: ORIGIN, secret: secret() });
const pathOf = (url: string) => url.slice(ORIGIN.length);

async function visitor(datastream: string, sandbox: string) {
  const v = client(datastream);
  await v.send("collect", { events: [{ type: "page.view" }] });
  await eventually(() => lookup(sandbox, "pcid", v.pcid()));
  return v.pcid();
}

const eventsOf = async (sandbox: string, profileId: string, type: string) =>
  (((await lookup(sandbox, "pcid", profileId)) as unknown as { events?: Event[] } | null)?.events ?? []).filter((e) => e.type === type);

describe("tracked email", () => {
  it("rewrites every http(s) link, adds the open pixel and an unsubscribe link, and the headers", async () => {
    const html = `<html><body>
      <a href="https://shop.test/a?x=1&amp;y=2">A</a>
      <a class='btn' href='http://shop.test/b'>B</a>
      <a href="mailto:help@shop.test">Mail</a> <a href="#top">Top</a> <a href="/relative">Rel</a>
      <a data-track="off" href="https://shop.test/private">Private</a>
      <a href="https://unsubscribe.parcours.invalid/">Unsubscribe</a>
    </body></html>`;
    const out = await trackEmail(html, options("sb", "p1"));
    expect(out.links).toBe(2);
    const tracked = [...out.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(tracked[0]).toMatch(new RegExp(`^${ORIGIN}/t/c/[\\w-]+\\.[\\w-]+$`));
    expect(tracked[1]).toMatch(/\/t\/c\//);
    expect(tracked.slice(2, 6)).toEqual(["mailto:help@shop.test", "#top", "/relative", "https://shop.test/private"]);
    expect(tracked[6]).toBe(out.unsubscribeUrl);
    expect(out.unsubscribeUrl).toMatch(new RegExp(`^${ORIGIN}/t/u/`));
    expect(out.html).toContain("class='btn'");
    expect(out.html).toMatch(/<img src="https:\/\/parcours\.test\/t\/o\/[\w.-]+\.gif" width="1" height="1"[^>]*>\s*<\/body>/);
    expect(out.headers).toEqual({ "List-Unsubscribe": `<${out.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });

    // The click token carries the decoded destination.
    const verdict = await verifyToken(secret(), tracked[0].split("/t/c/")[1]);
    expect(verdict).toEqual({ ok: true, claim: { kind: "click", sandbox: "sb", deliveryId: "d-1", profileId: "p1", channel: "email", url: "https://shop.test/a?x=1&y=2" } });

    // Without a placeholder, an unsubscribe line is added; the text part is tracked too.
    const plain = await trackEmail("<p>No footer</p>", options("sb", "p1"));
    expect(plain.html).toContain(`<a href="${plain.unsubscribeUrl}">Unsubscribe</a>`);
    const parts = await trackEmailParts(renderMessage({}, "sb", { id: "t", channel: "email", content: { subject: "s", html: '<body><a href="https://shop.test/x">Shop</a> <a href="{{ context.unsubscribeUrl }}">Stop</a></body>' } }, {}), options("sb", "p1"));
    expect(parts.parts.text).toMatch(/^Shop \(https:\/\/parcours\.test\/t\/c\/[\w.-]+\) Stop \(https:\/\/parcours\.test\/t\/u\/[\w.-]+\)$/);
    const own = await trackEmailParts({ subject: "s", html: "<p>x</p>", text: "See https://shop.test/y." }, options("sb", "p1"));
    expect(own.parts.text).toMatch(/^See https:\/\/parcours\.test\/t\/c\/[\w.-]+\.\n\nUnsubscribe: https:\/\/parcours\.test\/t\/u\//);
  });

  it("a click is recorded on the profile and redirected; forged or altered tokens never redirect", async () => {
    const { sandbox, datastream } = await seed();
    const profileId = await visitor(datastream, sandbox);
    const { html } = await trackEmail('<a href="https://shop.test/sale?from=email">Sale</a>', options(sandbox, profileId, "del-click"));
    const link = /href="([^"]*)"/.exec(html)![1];

    const res = await call(pathOf(link), { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://shop.test/sale?from=email");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const clicks = await eventually(async () => {
      const found = await eventsOf(sandbox, profileId, "message.click");
      return found.length ? found : null;
    });
    expect(clicks[0].data).toMatchObject({ deliveryId: "del-click", channel: "email", url: "https://shop.test/sale?from=email" });
    // And in the dataset, through the events queue.
    await eventually(async () => (await env.DB.prepare("SELECT count(*) AS n FROM events WHERE sandbox_id = ? AND profile_id = ? AND type = 'message.click'").bind(sandbox, profileId).first<{ n: number }>())!.n === 1);

    const token = link.split("/t/c/")[1];
    const [payload, mac] = token.split(".");
    // Someone else's destination in the payload, the signature kept: refused.
    const evil = btoa(JSON.stringify(["c", sandbox, "del-click", profileId, "https://evil.test/"])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const flipped = mac.slice(0, 5) + (mac[5] === "A" ? "B" : "A") + mac.slice(6);
    const signedElsewhere = await signToken("another-secret", { kind: "click", sandbox, deliveryId: "x", profileId, channel: "email", url: "https://evil.test/" });
    for (const [bad, status] of [[`${evil}.${mac}`, 404], [`${payload}.${flipped}`, 404], [signedElsewhere, 404], [payload, 400], ["not-a-token", 400], [`${payload}.${mac}!`, 400]] as const) {
      const r = await call(`/t/c/${bad}`, { redirect: "manual" });
      expect(r.status, bad).toBe(status);
      expect(r.headers.get("location")).toBeNull();
    }
    // A token of another kind does not pass for a click.
    const open = /\/t\/o\/([\w.-]+)\.gif/.exec((await trackEmail("<p/>", options(sandbox, profileId))).html)![1];
    expect((await call(`/t/c/${open}`, { redirect: "manual" })).status).toBe(404);
    expect(await eventsOf(sandbox, profileId, "message.click")).toHaveLength(1);
  });

  it("the open pixel records an open", async () => {
    const { sandbox, datastream } = await seed();
    const profileId = await visitor(datastream, sandbox);
    const { html } = await trackEmail("<body><p>Hi</p></body>", options(sandbox, profileId, "del-open"));
    const pixel = /<img src="([^"]*)"/.exec(html)![1];
    const res = await call(pathOf(pixel));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const gif = new Uint8Array(await res.arrayBuffer());
    expect(String.fromCharCode(...gif.slice(0, 6))).toBe("GIF89a");
    const opens = await eventually(async () => {
      const found = await eventsOf(sandbox, profileId, "message.open");
      return found.length ? found : null;
    });
    expect(opens[0].data).toMatchObject({ deliveryId: "del-open", channel: "email" });
    const [payload, mac] = pathOf(pixel).slice("/t/o/".length, -".gif".length).split(".");
    expect((await call(`/t/o/${payload}.${mac.slice(0, 5)}${mac[5] === "A" ? "B" : "A"}${mac.slice(6)}.gif`)).status).toBe(404);
    expect((await call(`/t/o/${payload}.gif`)).status).toBe(400);
  });

  it("unsubscribe: GET shows a page and changes nothing, POST (the page or one-click) sets consent", async () => {
    const { sandbox, datastream } = await seed();
    const profileId = await visitor(datastream, sandbox);
    const { unsubscribeUrl, headers } = await trackEmail("<p>x</p>", options(sandbox, profileId, "del-unsub"));
    expect(headers["List-Unsubscribe"]).toBe(`<${unsubscribeUrl}>`);

    const page = await call(pathOf(unsubscribeUrl));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const text = await page.text();
    expect(text).toContain('<form method="post">');
    expect((await lookup(sandbox, "pcid", profileId))!).toMatchObject({ consent: {} });

    // RFC 8058: the mailbox provider POSTs List-Unsubscribe=One-Click to the header's URL.
    const res = await call(pathOf(unsubscribeUrl), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("You are unsubscribed");
    const profile = (await lookup(sandbox, "pcid", profileId)) as unknown as { consent: Record<string, string>; events: Event[] };
    expect(profile.consent).toEqual({ email: "out" });
    expect(profile.events.find((e) => e.type === "message.unsubscribe")?.data).toMatchObject({ deliveryId: "del-unsub", channel: "email" });
    // The profile index in D1 follows, through the events queue.
    await eventually(async () => (await env.DB.prepare("SELECT consent FROM profiles WHERE sandbox_id = ? AND id = ?").bind(sandbox, profileId).first<{ consent: string }>())?.consent === '{"email":"out"}');

    // Collection is untouched: the person still browses and is recorded.
    const other = await visitor(datastream, sandbox);
    const { unsubscribeUrl: second } = await trackEmail("<p>x</p>", options(sandbox, other));
    const [secondPayload, secondMac] = pathOf(second).slice("/t/u/".length).split(".");
    const altered = `${secondPayload}.${secondMac.slice(0, 5)}${secondMac[5] === "A" ? "B" : "A"}${secondMac.slice(6)}`;
    expect((await call(`/t/u/${altered}`, { method: "POST" })).status).toBe(404);
    expect((await call(`/t/u/${altered}`)).status).toBe(404);
    expect((await lookup(sandbox, "pcid", other))!).toMatchObject({ consent: {} });
    expect((await call(pathOf(second), { method: "POST" })).status).toBe(200);
    expect(((await lookup(sandbox, "pcid", other)) as unknown as { consent: object }).consent).toEqual({ email: "out" });
  });
});
