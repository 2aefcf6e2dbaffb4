/** Message templates and fragments: admin CRUD, checks at save, rendering, preview and test send. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { renderMessage } from "../src/content/render";
import { admin, eventually, seed } from "./helpers";
import { client, lookup } from "./visitors";

type Envelope = { error: { code: string; message: string; details?: { path: string; message: string }[] } };
type Parts = Record<string, string>;

const HOSTILE = `<script>alert("x")</script> & 'quotes'\r\nBcc: victim@example.com`;

const email = {
  id: "welcome",
  name: "Welcome",
  channel: "email",
  content: {
    subject: "Hello {{ profile.firstName | default: 'there' }}",
    preheader: "News for {{ profile.firstName }}",
    html: "<html><body><h1>Hi {{ profile.firstName }}</h1><p>You looked at {{ journey.product }}.</p>{% fragment \"footer\" %}</body></html>",
  },
};

async function ok<T>(res: Response, status = 200): Promise<T> {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return JSON.parse(body) as T;
}

/** A profile with attributes, through the data plane as a visitor's browser would. */
async function profileWith(datastream: string, sandbox: string, set: Record<string, unknown>) {
  const visitor = client(datastream);
  await visitor.send("collect", { events: [{ type: "profile.update", data: { set } }] });
  const id = visitor.pcid();
  await eventually(async () => (await lookup(sandbox, "pcid", id))?.attributes.firstName !== undefined);
  return id;
}

describe("fragments and templates", () => {
  it("create, list, get, update and delete, with field paths in errors", async () => {
    const { sandbox } = await seed();
    const base = `/sandboxes/${sandbox}`;
    await ok(await admin("POST", `${base}/fragments`, { id: "footer", name: "Footer", content: "<p>Acme · {{ context.sandbox }}</p>" }), 201);

    const created = await ok<{ template: { id: string; channel: string; content: Parts } }>(await admin("POST", `${base}/templates`, email), 201);
    expect(created.template).toMatchObject({ id: "welcome", channel: "email", content: email.content });
    expect((await ok<{ items: { id: string }[] }>(await admin("GET", `${base}/templates`))).items.map((t) => t.id)).toEqual(["welcome"]);
    expect(await ok(await admin("GET", `${base}/templates/welcome`))).toMatchObject({ template: { id: "welcome" }, fragments: ["footer"] });
    expect((await admin("POST", `${base}/templates`, email)).status).toBe(409);

    // An id is made from the name when none is given.
    const sms = await ok<{ template: { id: string } }>(await admin("POST", `${base}/templates`, { name: "Cart reminder", channel: "sms", content: { body: "Your cart misses you, {{ profile.firstName }}" } }), 201);
    expect(sms.template.id).toMatch(/^cart-reminder-/);

    // Every part's problem at its own path; the shape per channel too.
    const bad = (await (await admin("POST", `${base}/templates`, {
      name: "Broken", channel: "email",
      content: { subject: "Hi {{ profle.firstName }}", html: "{% if profile.vip %}VIP", text: "{{ profile.name | shout }} {% fragment \"nope\" %}" },
    })).json()) as Envelope;
    expect(bad.error.code).toBe("validation_failed");
    expect(bad.error.details!.map((d) => d.path).sort()).toEqual(["content.html", "content.subject", "content.text"]);
    expect(bad.error.details!.find((d) => d.path === "content.subject")!.message).toMatch(/Unknown name "profle"/);
    expect(bad.error.details!.find((d) => d.path === "content.text")!.message).toMatch(/No fragment "nope"/);

    const shape = (await (await admin("POST", `${base}/templates`, { name: "Push", channel: "push", content: { body: "x", url: "javascript:alert(1)" } })).json()) as Envelope;
    expect(shape.error.details!.map((d) => d.path).sort()).toEqual(["content.title", "content.url"]);
    const multiline = (await (await admin("POST", `${base}/templates`, { name: "E", channel: "email", content: { subject: "a\nb", html: "x" } })).json()) as Envelope;
    expect(multiline.error.details).toEqual([{ path: "content.subject", message: "Keep it on one line" }]);
    const cta = (await (await admin("POST", `${base}/templates`, { name: "Banner", channel: "in-app", content: { body: "x", ctaLabel: "Go" } })).json()) as Envelope;
    expect(cta.error.details!.map((d) => d.path)).toEqual(["content.ctaUrl"]);
    const refused = (await (await admin("POST", `${base}/templates`, { name: "Inc", channel: "sms", content: { body: "{% include 'x' %}" } })).json()) as Envelope;
    expect(refused.error.details![0]).toMatchObject({ path: "content.body", message: expect.stringMatching(/include/) });
    const channel = (await (await admin("POST", `${base}/templates`, { name: "Fax", channel: "fax", content: {} })).json()) as Envelope;
    expect(channel.error.details!.map((d) => d.path)).toEqual(["channel"]);

    const updated = await ok<{ template: { name: string; content: Parts } }>(
      await admin("PUT", `${base}/templates/welcome`, { ...email, id: undefined, name: "Welcome (new)", content: { ...email.content, subject: "Welcome!" } }),
    );
    expect(updated.template).toMatchObject({ name: "Welcome (new)", content: { subject: "Welcome!" } });
    expect((await admin("PUT", `${base}/templates/none`, { name: "x", channel: "sms", content: { body: "x" } })).status).toBe(404);

    // Fragments: checked like templates, and in use cannot go.
    const fbad = (await (await admin("POST", `${base}/fragments`, { id: "broken", name: "Broken", content: "{{ oops }}" })).json()) as Envelope;
    expect(fbad.error.details).toEqual([{ path: "content", message: expect.stringMatching(/Unknown name "oops"/) }]);
    await ok(await admin("POST", `${base}/fragments`, { id: "legal", name: "Legal", content: "<small>© Acme</small>" }), 201);
    await ok(await admin("PUT", `${base}/fragments/footer`, { name: "Footer", content: "<p>Acme</p>{% fragment \"legal\" %}" }));
    const cycle = (await (await admin("PUT", `${base}/fragments/legal`, { name: "Legal", content: "{% fragment 'footer' %}" })).json()) as Envelope;
    expect(cycle.error.details![0]).toMatchObject({ path: "content", message: expect.stringMatching(/includes itself \(legal → footer → legal\)/) });
    const self = (await (await admin("POST", `${base}/fragments`, { id: "loop", name: "Loop", content: "a {% fragment \"loop\" %}" })).json()) as Envelope;
    expect(self.error.details![0].message).toMatch(/includes itself/);

    expect(await ok(await admin("GET", `${base}/fragments/legal`))).toMatchObject({ fragment: { id: "legal" }, usedBy: ["templates.welcome", "fragments.footer"] });
    const inUse = await admin("DELETE", `${base}/fragments/footer`);
    expect(inUse.status).toBe(409);
    expect(((await inUse.json()) as Envelope).error).toMatchObject({ code: "in_use", details: [{ path: "templates.welcome" }] });
    const legalInUse = ((await (await admin("DELETE", `${base}/fragments/legal`)).json()) as Envelope).error.details!.map((d) => d.path);
    expect(legalInUse).toEqual(["templates.welcome", "fragments.footer"]);

    await ok(await admin("DELETE", `${base}/templates/welcome`));
    expect((await admin("GET", `${base}/templates/welcome`)).status).toBe(404);
    expect((await admin("DELETE", `${base}/fragments/legal`)).status).toBe(409); // footer still includes it
    await ok(await admin("DELETE", `${base}/fragments/footer`));
    await ok(await admin("DELETE", `${base}/fragments/legal`));
    expect((await ok<{ items: unknown[] }>(await admin("GET", `${base}/fragments`))).items).toHaveLength(0);
    expect((await admin("GET", `/sandboxes/nope-${Date.now()}/templates`)).status).toBe(404);
  });

  it("refuses to delete a template a journey sends", async () => {
    const { sandbox } = await seed();
    const base = `/sandboxes/${sandbox}`;
    await ok(await admin("POST", `${base}/templates`, { id: "nudge", name: "Nudge", channel: "sms", content: { body: "Come back" } }), 201);
    await ok(await admin("POST", `${base}/journeys`, {
      id: "winback", name: "Win back",
      definition: {
        entry: { type: "event", eventType: "cart.add" }, start: "send",
        nodes: { send: { type: "action", action: { kind: "message", channel: "sms", template: "nudge" }, next: "done" }, done: { type: "end" } },
      },
    }), 201);
    const res = await admin("DELETE", `${base}/templates/nudge`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as Envelope).error.details).toEqual([{ path: "journeys.winback", message: expect.any(String) }]);
  });
});

describe("rendering", () => {
  const fragments = { footer: "<p>Sent to {{ profile.firstName }} by {{ context.sandbox }}</p>" };
  const profile = { firstName: HOSTILE, website: "javascript:alert(1)" };

  it("escapes hostile profile values in every part, for what each part is", () => {
    const mail = renderMessage(fragments, "sb", { id: "t", channel: "email", content: {
      subject: "Hi {{ profile.firstName }}", preheader: "For {{ profile.firstName }}", html: "<body><a title=\"{{ profile.firstName }}\" href=\"https://shop.test/?n={{ profile.firstName | url_encode }}\">{{ profile.firstName }}</a>{% fragment 'footer' %}</body>",
    } }, { profile });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quotes&#39;");
    expect(mail.html).toContain('title="&lt;script&gt;');
    expect(mail.html).toContain("<p>Sent to &lt;script&gt;");
    // One line: a value cannot add a header.
    expect(mail.subject).toBe(`Hi <script>alert("x")</script> & 'quotes' Bcc: victim@example.com`);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.preheader).not.toMatch(/[\r\n]/);
    // The preheader goes into the body escaped; the text part is plain text derived from the HTML.
    expect(mail.html).toMatch(/<body><div style="display:none[^"]*">For &lt;script&gt;/);
    expect(mail.text).toContain(`<script>alert("x")</script> & 'quotes'`);
    expect(mail.text).toContain("(https://shop.test/?n=%3Cscript%3E");
    expect(mail.text).not.toContain("<a");
    expect(mail.text).not.toContain("For <script>"); // the preheader is not part of the text

    const sms = renderMessage(fragments, "sb", { id: "t", channel: "sms", content: { body: "Hi {{ profile.firstName }}" } }, { profile });
    expect(sms.body).toBe(`Hi ${HOSTILE}`); // SMS is text: shown as text, never as markup

    const push = renderMessage({}, "sb", { id: "t", channel: "push", content: { title: "{{ profile.firstName }}", body: "b", url: "https://shop.test/u/{{ profile.firstName }}" } }, { profile });
    expect(push.title).not.toMatch(/[\r\n]/);
    expect(push.url).toBe(`https://shop.test/u/${encodeURIComponent(HOSTILE)}`);
    // A value that would make the whole URL is encoded (and so is no URL), even with raw when it is not http(s).
    for (const url of ["{{ profile.website }}", "{{ profile.website | raw }}", "//evil.test/{{ profile.x }}"]) {
      const p = renderMessage({}, "sb", { id: "t", channel: "push", content: { title: "t", body: "b", url } }, { profile });
      expect(p.url, url).toBeUndefined();
    }

    const banner = renderMessage({}, "sb", { id: "t", channel: "in-app", content: { title: "{{ profile.firstName }}", body: "{{ profile.firstName }}", ctaLabel: "Go", ctaUrl: "{{ profile.website | raw }}" } }, { profile });
    expect(banner).toEqual({ title: `<script>alert("x")</script> & 'quotes' Bcc: victim@example.com`, body: HOSTILE });
    const web = renderMessage({}, "sb", { id: "t", channel: "web", content: { body: "x", ctaLabel: "Shop {{ profile.tier }}", ctaUrl: "/shop?t={{ profile.tier }}" } }, { profile: { tier: "a&b" } });
    expect(web).toEqual({ body: "x", ctaLabel: "Shop a&b", ctaUrl: "/shop?t=a%26b" });
  });

  it("reads journey variables, offers from a decision, and the context", () => {
    const out = renderMessage({}, "shop", { id: "cart", channel: "email", content: {
      subject: "{{ journey.items | size }} items left in your cart",
      html: "<body>{% for o in offers.email-hero %}<div>{{ o.content | raw }} {{ o.offerId }}</div>{% endfor %}<p>{{ journey.cart.total | plus: 0 }} €</p><a href=\"{{ context.unsubscribeUrl }}\">Unsubscribe</a></body>",
      text: "{{ context.now | date: '%Y' }} {{ context.template }} {{ context.channel }} {{ context.sandbox }}",
    } }, {
      journey: { items: ["a", "b"], cart: { total: "42" } },
      offers: { "email-hero": [{ offerId: "spring", content: "<b>Spring</b>" }, { offerId: "ship", content: "<i>Ship</i>" }] },
      now: Date.UTC(2031, 0, 2),
    });
    expect(out.subject).toBe("2 items left in your cart");
    expect(out.html).toContain("<div><b>Spring</b> spring</div><div><i>Ship</i> ship</div><p>42 €</p>");
    expect(out.html).toContain('href="https://unsubscribe.parcours.invalid/"');
    expect(out.text).toBe("2031 cart email shop");
    expect(out.preheader).toBeUndefined();

    // Fragment tags inside raw and comment blocks are left alone; a missing fragment renders as nothing.
    const sms = renderMessage({ f: "F{{ profile.n }}" }, "sb", { id: "t", channel: "sms", content: { body: `{% raw %}{% fragment "f" %}{% endraw %}|{% comment %}{% fragment "f" %}{% endcomment %}|{%- fragment 'f' -%}|{% fragment "gone" %}|` } }, { profile: { n: 1 } });
    expect(sms.body).toBe('{% fragment "f" %}||F1||');
  });
});

describe("preview and test send", () => {
  it("render for a chosen profile, journey variables and offers; a test send lands in the outbox", async () => {
    const { sandbox, datastream } = await seed();
    const base = `/sandboxes/${sandbox}`;
    const profileId = await profileWith(datastream, sandbox, { firstName: "<b>Ada</b>", tier: "gold" });
    await ok(await admin("POST", `${base}/fragments`, { id: "sig", name: "Signature", content: "— The {{ context.sandbox }} team" }), 201);
    await ok(await admin("POST", `${base}/templates`, {
      id: "promo", name: "Promo", channel: "email",
      content: {
        subject: "{{ profile.firstName }}, {{ journey.product }} is back",
        html: "<body><p>Hi {{ profile.firstName }} ({{ profile.tier }})</p>{% for o in offers.hero %}{{ o.content | raw }}{% endfor %}<a href=\"https://shop.test/p\">Shop</a><p>{% fragment \"sig\" %}</p></body>",
      },
    }), 201);

    const preview = await ok<{ profileId: string; parts: Parts }>(await admin("POST", `${base}/templates/promo/preview`, {
      profileId, attributes: { tier: "platinum" }, journey: { product: "Garden hose" }, offers: { hero: [{ offerId: "spring-sale", content: "<h2>Spring</h2>" }] },
    }));
    expect(preview.profileId).toBe(profileId);
    expect(preview.parts.subject).toBe("<b>Ada</b>, Garden hose is back");
    expect(preview.parts.html).toContain("<p>Hi &lt;b&gt;Ada&lt;/b&gt; (platinum)</p><h2>Spring</h2>");
    expect(preview.parts.html).toContain(`— The ${sandbox} team`);
    // No tracking in a preview.
    expect(preview.parts.html).toContain('href="https://shop.test/p"');
    expect(preview.parts.html).not.toContain("/t/o/");
    expect(preview.parts.text).toContain("Shop (https://shop.test/p)");

    // Sample attributes alone, no profile.
    const sample = await ok<{ profileId: null; parts: Parts }>(await admin("POST", `${base}/templates/promo/preview`, { attributes: { firstName: "Sam" } }));
    expect(sample).toMatchObject({ profileId: null, parts: { subject: "Sam,  is back" } });
    const unknown = await admin("POST", `${base}/templates/promo/preview`, { profileId: "nobody-here" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Envelope).error.details).toEqual([{ path: "profileId", message: expect.any(String) }]);
    expect((await admin("POST", `${base}/templates/none/preview`, {})).status).toBe(404);
    const badBody = (await (await admin("POST", `${base}/templates/promo/preview`, { offers: { hero: "x" } })).json()) as Envelope;
    expect(badBody.error.details![0].path).toBe("offers.hero");

    const sent = await ok<{ deliveryId: string; parts: Parts }>(await admin("POST", `${base}/templates/promo/test-send`, { profileId, to: "ada@example.com", journey: { product: "Rake" } }), 201);
    const row = await env.DB.prepare("SELECT * FROM deliveries WHERE sandbox_id = ? AND id = ?").bind(sandbox, sent.deliveryId).first<Record<string, string>>();
    expect(row).toMatchObject({ profile_id: profileId, channel: "email", source: "test:promo", status: "sent", detail: "test send to the outbox" });
    const payload = JSON.parse(row!.payload) as Parts;
    expect(payload).toMatchObject({ to: "ada@example.com", subject: "<b>Ada</b>, Rake is back" });
    expect(payload.html).toContain("Hi &lt;b&gt;Ada&lt;/b&gt; (gold)");
    // The delivery log shows it, as the console's outbox does.
    const log = await ok<{ items: { id: string; source: string }[] }>(await admin("GET", `${base}/deliveries?channel=email`));
    expect(log.items.find((d) => d.id === sent.deliveryId)).toMatchObject({ source: "test:promo" });

    await ok(await admin("POST", `${base}/templates`, { id: "ping", name: "Ping", channel: "push", content: { title: "Hi {{ profile.firstName }}", body: "New in", url: "/new" } }), 201);
    const push = await ok<{ deliveryId: string; channel: string; parts: Parts }>(await admin("POST", `${base}/templates/ping/test-send`, { attributes: { firstName: "Lin" } }), 201);
    expect(push).toMatchObject({ channel: "push", parts: { title: "Hi Lin", body: "New in", url: "/new" } });
    const pushRow = await env.DB.prepare("SELECT profile_id, source FROM deliveries WHERE sandbox_id = ? AND id = ?").bind(sandbox, push.deliveryId).first();
    expect(pushRow).toEqual({ profile_id: "test", source: "test:ping" });
  });
});
