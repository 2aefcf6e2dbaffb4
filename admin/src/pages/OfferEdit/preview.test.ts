import { describe, expect, it } from "vitest";
import { escapeHtml, fillTokens, prettyJson, readSampleProfile } from "./preview";

describe("the representation preview's tokens", () => {
  it("fills profile tokens, with or without a default", () => {
    expect(fillTokens("Hi {{ profile.firstName }}!", { firstName: "Ada" }, "text").output).toBe("Hi Ada!");
    expect(fillTokens('Hi {{profile.firstName | default: "there"}}', {}, "text").output).toBe("Hi there");
    expect(fillTokens("Hi {{ profile.firstName | default: 'there' }}", { firstName: "" }, "text").output).toBe("Hi there");
    expect(fillTokens("{{ profile.address.city }}", { address: { city: "Lyon" } }, "text").output).toBe("Lyon");
    expect(fillTokens("[{{ profile.nickname }}]", {}, "text").output).toBe("[]");
    expect(fillTokens("{{ profile.points }}", { points: 0 }, "text").output).toBe("0");
  });

  it("escapes hostile values in html, quotes included, and never reads the prototype", () => {
    const hostile = { firstName: '<script>alert(1)</script>', title: `" onmouseover="x` };
    const html = fillTokens('<p title="{{ profile.title }}">Hi {{ profile.firstName }}</p>', hostile, "html").output;
    expect(html).toBe('<p title="&#34; onmouseover=&#34;x">Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).not.toContain("<script>");
    expect(fillTokens("{{ profile.x | default: \"<b>'y'</b>\" }}", {}, "html").output).toBe("&lt;b&gt;&#39;y&#39;&lt;/b&gt;");
    expect(fillTokens("{{ profile.constructor }}{{ profile.__proto__ }}", {}, "html").output).toBe("");
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&#34;&#39;");
  });

  it("escapes for a JSON string and for a URL the way the edge does", () => {
    const json = fillTokens('{ "greeting": "Hi {{ profile.firstName }}" }', { firstName: 'Ada "the" \\ <b>' }, "json").output;
    expect(JSON.parse(json)).toEqual({ greeting: 'Hi Ada "the" \\ <b>' });
    expect(fillTokens("/img?n={{ profile.name }}", { name: 'a b&"c' }, "image").output).toBe("/img?n=a%20b%26%22c");
  });

  it("leaves the rest of Liquid as written and lists it", () => {
    const filled = fillTokens("{% if profile.vip %}VIP{% endif %} {{ context.page.path }} {{ profile.firstName | upcase }}", { firstName: "Ada" }, "text");
    expect(filled.output).toBe("{% if profile.vip %}VIP{% endif %} {{ context.page.path }} {{ profile.firstName | upcase }}");
    expect(filled.unsupported).toEqual(["{% if profile.vip %}", "{% endif %}", "{{ context.page.path }}", "{{ profile.firstName | upcase }}"]);
  });

  it("reads the sample profile as a JSON object", () => {
    expect(readSampleProfile('{ "firstName": "Ada" }')).toEqual({ ok: true, value: { firstName: "Ada" } });
    expect(readSampleProfile("")).toEqual({ ok: true, value: {} });
    expect(readSampleProfile("[1]").ok).toBe(false);
    expect(readSampleProfile("{").ok).toBe(false);
  });

  it("indents JSON and keeps what does not parse", () => {
    expect(prettyJson('{"a":1}').text).toBe('{\n  "a": 1\n}');
    expect(prettyJson("{oops").error).toBeTruthy();
  });
});
