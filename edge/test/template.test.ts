/**
 * Offer templates inside workerd, which refuses to compile code from strings: LiquidJS must
 * render by walking its parse tree, and the escaping must hold there as in Node.
 */
import { describe, expect, it } from "vitest";
import { checkTemplate, MAX_OUTPUT_LENGTH, renderContent, type TemplateScope } from "../src/decisioning/template";

const scope: TemplateScope = {
  profile: { firstName: "Ann", tier: "gold", interests: ["running", "trail"], bio: `<img src=x onerror="alert(1)">` },
  context: { page: { path: "/shoes" } },
  offer: { name: "Summer sale" },
};

/** Every way to turn a string into code, made to throw while `fn` runs. */
function withoutCodeGeneration<T>(fn: () => T): T {
  function refuse(): never {
    throw new Error("code generation attempted");
  }
  const globals = globalThis as unknown as Record<string, unknown>;
  const saved = { eval: globals.eval, Function: globals.Function };
  // Function, GeneratorFunction and AsyncFunction are all reachable as `.constructor` of a function.
  const prototypes = [Function.prototype, Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {})] as object[];
  const constructors = prototypes.map((p) => Object.getOwnPropertyDescriptor(p, "constructor")!);
  try {
    globals.eval = refuse;
    globals.Function = refuse;
    for (const p of prototypes) Object.defineProperty(p, "constructor", { value: refuse, configurable: true, writable: true });
    return fn();
  } finally {
    globals.eval = saved.eval;
    globals.Function = saved.Function;
    prototypes.forEach((p, i) => Object.defineProperty(p, "constructor", constructors[i]));
  }
}

describe("offer templates in workerd", () => {
  it("runs where eval is refused (the test pool itself allows the Function constructor, hence the guard below)", () => {
    expect(() => (0, eval)("1 + 1")).toThrow(/Code generation from strings disallowed/);
    // While the guard runs, the global Function is a stub that refuses.
    const stubbed = withoutCodeGeneration(() => globalThis.Function);
    expect(stubbed).not.toBe(Function);
    expect(() => (stubbed as unknown as () => never)()).toThrow("code generation attempted");
    expect(() => withoutCodeGeneration(() => (function () {}).constructor("return 1"))).toThrow("code generation attempted");
  });

  it("parses and renders conditionals, loops and filters without generating code", () => {
    const src = `<p>Hi {{ profile.firstName | default: "there" | upcase }}{% if profile.tier == "gold" %}, gold member{% else %}!{% endif %}</p>
<ul>{% for i in profile.interests %}<li>{{ forloop.index }}. {{ i | capitalize }}</li>{% endfor %}</ul>{{ offer.name | truncate: 8 }}`;
    const out = withoutCodeGeneration(() => [checkTemplate(src), renderContent(src, "html", scope), renderContent(src, "html", { ...scope, profile: {} })]);
    expect(out).toEqual([
      null,
      `<p>Hi ANN, gold member</p>\n<ul><li>1. Running</li><li>2. Trail</li></ul>Summe...`,
      `<p>Hi THERE!</p>\n<ul></ul>Summe...`,
    ]);
  });

  it("escapes for each format", () => {
    const [html, raw, json, image] = withoutCodeGeneration(() => [
      renderContent(`<div title="{{ profile.bio }}">{{ profile.bio }}</div>`, "html", scope),
      renderContent(`{{ profile.bio | raw }}`, "html", scope),
      renderContent(`{"bio": "{{ profile.bio }}"}`, "json", scope),
      renderContent(`https://cdn.test/{{ profile.bio }}.png`, "image", scope),
    ]);
    expect(html).toBe(`<div title="&lt;img src=x onerror=&#34;alert(1)&#34;&gt;">&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</div>`);
    expect(raw).toBe(scope.profile.bio);
    expect(JSON.parse(json)).toEqual({ bio: scope.profile.bio });
    expect(image).toBe(`https://cdn.test/${encodeURIComponent(scope.profile.bio as string)}.png`);
  });

  it("stops a runaway template even though the clock stands still while it runs", () => {
    const out = renderContent("{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}end", "text", scope);
    expect(out.length).toBeLessThanOrEqual(MAX_OUTPUT_LENGTH);
    expect(out.endsWith("end")).toBe(false);
  });
});
