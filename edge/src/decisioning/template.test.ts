import { describe, expect, it } from "vitest";
import { cachedTemplates, checkTemplate, MAX_CACHED_TEMPLATES, MAX_OUTPUT_LENGTH, renderContent, type TemplateScope } from "./template";

const HOSTILE = `<script>alert(1)</script>"' onmouseover="alert(2)" \\ \n\t\u2028 </div>`;

const scope = (profile: Record<string, unknown> = {}): TemplateScope => ({
  profile,
  context: { page: { path: "/shoes/running", query: "a&b" }, device: { type: "mobile" } },
  offer: { id: "summer-sale", name: "Summer sale", tags: ["summer", "shoes"] },
});
const ann = scope({ firstName: "Ann", tier: "gold", points: 1200, interests: ["running", "trail"] });

describe("rendering personalization tokens", () => {
  it("fills values from profile, context and offer, with defaults for what is missing", () => {
    const src = `Hi {{ profile.firstName | default: "there" }}, see {{ offer.name }} on {{ context.page.path }}`;
    expect(renderContent(src, "text", ann)).toBe("Hi Ann, see Summer sale on /shoes/running");
    expect(renderContent(src, "text", scope())).toBe("Hi there, see Summer sale on /shoes/running");
    expect(renderContent(`Hi {{ profile.firstName | default: "there" }}`, "text", scope({ firstName: "" }))).toBe("Hi there");
  });

  it("reads missing values and unknown names as empty, never as an error", () => {
    expect(renderContent("[{{ profile.nothing }}][{{ profile.a.b.c }}][{{ nobody.here }}]", "text", ann)).toBe("[][][]");
    expect(renderContent("{% if profile.nothing %}yes{% else %}no{% endif %}", "text", ann)).toBe("no");
  });

  it("renders conditionals, loops and filters", () => {
    const src = `{% if profile.tier == "gold" %}Gold{% elsif profile.points > 100 %}Silver{% else %}Hello{% endif %}`;
    expect(renderContent(src, "text", ann)).toBe("Gold");
    expect(renderContent(src, "text", scope({ tier: "silver", points: 500 }))).toBe("Silver");
    expect(renderContent(src, "text", scope())).toBe("Hello");
    expect(renderContent(`{% for i in profile.interests %}{{ i | upcase }}{% unless forloop.last %}, {% endunless %}{% endfor %}`, "text", ann)).toBe("RUNNING, TRAIL");
    expect(renderContent(`{% if offer.tags contains "shoes" %}👟{% endif %}{{ profile.points | plus: 1 }}`, "text", ann)).toBe("👟1201");
    expect(renderContent(`{{ "2026-03-04T10:00:00Z" | date: "%Y-%m-%d %H:%M" }}`, "text", ann)).toBe("2026-03-04 10:00");
  });

  it("returns content without tokens as it is", () => {
    const plain = "<p>No tokens here, just { braces } and 100% off</p>";
    expect(renderContent(plain, "html", ann)).toBe(plain);
    expect(renderContent('{"a": {"b": 1}}', "json", ann)).toBe('{"a": {"b": 1}}');
  });

  it("does not reach into prototypes", () => {
    expect(renderContent("[{{ profile.constructor }}][{{ offer.name.constructor }}][{{ profile.__proto__ }}]", "text", ann)).toBe("[][][]");
    expect(renderContent("{{ offer.tags.size }} {{ offer.tags.first }}", "text", ann)).toBe("2 summer");
  });
});

describe("escaping by format", () => {
  const hostile = scope({ name: HOSTILE, url: `https://x.test/" onclick="alert(1)`, nick: "O'Brien' onclick='alert(1)" });

  it("html-escapes every output in html, so a profile value cannot add markup", () => {
    const out = renderContent("<p>Hi {{ profile.name }}</p>", "html", hostile);
    expect(out).not.toContain("<script>");
    expect(out).toBe(`<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39; onmouseover=&#34;alert(2)&#34; \\ \n\t\u2028 &lt;/div&gt;</p>`);
  });

  it("keeps quotes from breaking out of double- and single-quoted attributes", () => {
    const a = renderContent(`<a href="{{ profile.url }}">go</a>`, "html", hostile);
    expect(a).toBe(`<a href="https://x.test/&#34; onclick=&#34;alert(1)">go</a>`);
    expect(a.match(/"/g)).toHaveLength(2);
    const div = renderContent(`<div title='{{ profile.nick }}'>x</div>`, "html", hostile);
    expect(div).toBe(`<div title='O&#39;Brien&#39; onclick=&#39;alert(1)'>x</div>`);
    expect(div.match(/'/g)).toHaveLength(2);
  });

  it("escapes outputs in tags and after filters too", () => {
    expect(renderContent(`{% echo profile.name | upcase %}`, "html", scope({ name: "<b>" }))).toBe("&lt;B&gt;");
    expect(renderContent(`{% assign n = profile.name %}{{ n }}`, "html", scope({ name: "<b>" }))).toBe("&lt;b&gt;");
    expect(renderContent(`{{ profile.name | append: "<i>" }}`, "html", scope({ name: "<b>" }))).toBe("&lt;b&gt;&lt;i&gt;");
  });

  it("lets the author opt out with | raw, and does not escape twice after | escape", () => {
    const s = scope({ badge: "<b>VIP</b>", name: "Tom & Jerry" });
    expect(renderContent("{{ profile.badge | raw }}", "html", s)).toBe("<b>VIP</b>");
    expect(renderContent("{{ profile.name | escape }}", "html", s)).toBe("Tom &amp; Jerry");
    expect(renderContent("{{ profile.name | escape_once }}", "html", s)).toBe("Tom &amp; Jerry");
    // raw only counts as the last filter
    expect(renderContent("{{ profile.badge | raw | upcase }}", "html", s)).toBe("&lt;B&gt;VIP&lt;/B&gt;");
  });

  it("leaves text alone", () => {
    expect(renderContent("Hi {{ profile.name }}", "text", hostile)).toBe(`Hi ${HOSTILE}`);
  });

  it("escapes json outputs for a string literal, so hostile values keep the JSON valid", () => {
    const src = `{"title": "Hi {{ profile.name }}", "path": "{{ context.page.path }}", "points": {{ profile.points | default: 0 }}}`;
    for (const name of [HOSTILE, `"}, "admin": true, "x": {"`, "\\", `\\"`, "\u0000\u001f", "\ud800"]) {
      const out = renderContent(src, "json", scope({ name, points: 7 }));
      const parsed = JSON.parse(out);
      expect(parsed).toEqual({ title: `Hi ${name}`, path: "/shoes/running", points: 7 });
    }
  });

  it("url-encodes image outputs", () => {
    const src = "https://cdn.test/banners/{{ profile.tier | default: 'basic' }}.png?for={{ profile.name }}";
    expect(renderContent(src, "image", scope({ tier: "gold", name: "A&B /?#=é" }))).toBe("https://cdn.test/banners/gold.png?for=A%26B%20%2F%3F%23%3D%C3%A9");
    expect(renderContent(src, "image", scope({ tier: "../../admin", name: `" onerror="x` }))).toBe("https://cdn.test/banners/..%2F..%2Fadmin.png?for=%22%20onerror%3D%22x");
    expect(renderContent("{{ offer.base | raw }}/{{ profile.tier }}.png", "image", { ...ann, offer: { base: "https://cdn.test/a" } })).toBe("https://cdn.test/a/gold.png");
  });
});

describe("checking a template at save time", () => {
  it("accepts valid templates and content without tokens", () => {
    expect(checkTemplate("plain text")).toBeNull();
    expect(checkTemplate(`Hi {{ profile.firstName | default: "there" }} {% if profile.tier == "gold" %}★{% endif %}`)).toBeNull();
    expect(checkTemplate(`{% assign n = offer.tags | size %}{% for t in offer.tags %}{{ t }}{{ forloop.index }}{% endfor %}{{ n }}{{ context.page.path }}`)).toBeNull();
  });

  it("says what is wrong and where", () => {
    expect(checkTemplate("Hello\n  {% if profile.tier %}gold")).toBe("tag {% if profile.tier %} not closed (line 2, column 3)");
    expect(checkTemplate("Hi {{ profile.firstName | shout }}")).toBe('unknown filter "shout" (line 1, column 4)');
    expect(checkTemplate("Hi {{ profile.firstName ")).toMatch(/not closed \(line 1, column 4\)$/);
    expect(checkTemplate("{% endif %}")).toMatch(/endif.*\(line 1, column 1\)/);
    expect(checkTemplate("{% bogus %}")).toMatch(/bogus/);
  });

  it("refuses tags that read files or other templates", () => {
    for (const tag of ["include", "render", "layout"]) {
      const err = checkTemplate(`ok {% ${tag} "footer" %}`);
      expect(err).toMatch(new RegExp(`^\\{% ${tag} %\\} is not available: .*cannot read files or other templates \\(line 1, column 4\\)$`));
    }
    expect(checkTemplate(`{% liquid\n  echo profile.x\n  include "footer" %}`)).toMatch(/include %\} is not available/);
  });

  it("points out names outside profile, context and offer (usually a typo)", () => {
    expect(checkTemplate("Hi {{ profle.firstName }}")).toMatch(/^Unknown name "profle": values are read from profile, context or offer/);
    expect(checkTemplate("{{ user.a }}{{ ctx.b }}")).toMatch(/^Unknown names "user", "ctx"/);
  });
});

describe("render errors and hostile templates", () => {
  it("renders a failing output as empty and the rest as usual", () => {
    const src = `<p>Hi {{ profile.name }}, {{ profile.q | url_decode }}{% if profile.tier == "gold" %} gold{% endif %}</p>`;
    expect(() => renderContent(src, "html", scope({ name: "Ann", q: "%", tier: "gold" }))).not.toThrow();
    expect(renderContent(src, "html", scope({ name: "Ann", q: "%", tier: "gold" }))).toBe("<p>Hi Ann,  gold</p>");
    expect(renderContent(src, "html", scope({ name: "Ann", q: "a%20b", tier: "gold" }))).toBe("<p>Hi Ann, a b gold</p>");
    // a lone surrogate cannot be URL-encoded
    expect(renderContent("https://x.test/{{ profile.name }}/{{ profile.tier }}", "image", scope({ name: "\ud800", tier: "gold" }))).toBe("https://x.test//gold");
  });

  it("tolerates values of the wrong type", () => {
    const odd = scope({ name: { first: "A" }, interests: 42, points: "many", tier: ["gold"] });
    expect(renderContent(`{{ profile.name | upcase }}|{% for i in profile.interests %}{{ i }}{% endfor %}|{{ profile.points | plus: 1 }}|{% if profile.tier == "gold" %}g{% endif %}|{{ profile.tier | join: "," | size }}`, "text", odd)).toBe(
      "[OBJECT OBJECT]||1||4",
    );
  });

  it("renders content that does not parse with its tokens removed", () => {
    expect(renderContent(`Hi {{ profile.firstName | shout }}!`, "html", ann)).toBe("Hi Ann!"); // unknown filters are skipped when rendering
    expect(renderContent(`Hi {% include "x" %}there {% if a %}`, "html", ann)).toBe("Hi there ");
    expect(renderContent(`Hi {{ profile.firstName`, "text", ann)).toBe("Hi ");
  });

  it("stops a template that would loop for too long or grow too big", () => {
    for (const src of [
      "{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}",
      "{% for a in (1..100000000) %}x{% endfor %}",
      `{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}`,
    ]) {
      const t = performance.now();
      const out = renderContent(src, "text", ann);
      expect(performance.now() - t).toBeLessThan(1000);
      expect(out.length).toBeLessThanOrEqual(MAX_OUTPUT_LENGTH);
    }
    const big = scope({ bio: "y".repeat(10_000) });
    expect(renderContent("{% for i in (1..1000) %}{{ profile.bio }}{% endfor %}", "text", big).length).toBeLessThanOrEqual(MAX_OUTPUT_LENGTH);
  });
});

describe("the parse cache", () => {
  it("keeps at most MAX_CACHED_TEMPLATES parsed templates", () => {
    for (let i = 0; i < MAX_CACHED_TEMPLATES + 50; i++) {
      expect(renderContent(`#${i} {{ profile.firstName }}`, "text", ann)).toBe(`#${i} Ann`);
    }
    expect(cachedTemplates()).toBe(MAX_CACHED_TEMPLATES);
    // the oldest were evicted and parse again on demand
    expect(renderContent("#0 {{ profile.firstName }}", "text", ann)).toBe("#0 Ann");
    expect(cachedTemplates()).toBe(MAX_CACHED_TEMPLATES);
  });

  it("caches per format, since the escaping is part of the parsed template", () => {
    const src = "{{ profile.name }}";
    const s = scope({ name: `<"a b">` });
    expect(renderContent(src, "html", s)).toBe("&lt;&#34;a b&#34;&gt;");
    expect(renderContent(src, "text", s)).toBe(`<"a b">`);
    expect(renderContent(src, "json", s)).toBe(`<\\"a b\\">`);
    expect(renderContent(src, "image", s)).toBe("%3C%22a%20b%22%3E");
  });
});
