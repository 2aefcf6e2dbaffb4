import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateFormula, FormulaError, parseFormula, score, type Scope } from "./formula";

const scope: Scope = {
  offer: { priority: 10, margin: 250, tags: ["summer", "shoes"], name: "Sandals" },
  profile: { tier: "gold", points: 1200, nested: { a: 2 } },
  context: { device: { type: "mobile" } },
};
const run = (src: string) => evaluateFormula(parseFormula(src), scope);

describe("ranking formulas", () => {
  it("does arithmetic with the usual precedence", () => {
    expect(run("1 + 2 * 3")).toBe(7);
    expect(run("(1 + 2) * 3")).toBe(9);
    expect(run("10 - 4 - 3")).toBe(3);
    expect(run("2 * -3")).toBe(-6);
    expect(run("7 % 4 + 1.5e1")).toBe(18);
  });

  it("reads offer, profile and context paths, missing ones as null", () => {
    expect(run("offer.priority * 10 + (profile.tier == 'gold' ? 5 : 0) - offer.margin / 100")).toBe(102.5);
    expect(run("profile.nested.a")).toBe(2);
    expect(run("profile.missing")).toBeNull();
    expect(run("profile.missing.deeper")).toBeNull();
    expect(run('context.device.type == "mobile" && has(offer.tags, "shoes")')).toBe(true);
    expect(run("coalesce(profile.missing, profile.points, 0)")).toBe(1200);
  });

  it("never throws on odd values: arithmetic on non-numbers is null, comparisons of unlike things are false", () => {
    expect(run("profile.tier * 2")).toBeNull();
    expect(run("1 / 0")).toBeNull();
    expect(run("profile.tier > 3")).toBe(false);
    expect(run("log(-1)")).toBeNull();
    expect(run("offer.name + '!'")).toBe("Sandals!");
    expect(score(parseFormula("profile.tier * 2"), scope)).toBeNull();
    expect(score(parseFormula("profile.points > 1000"), scope)).toBe(1);
  });

  it("does not reach into prototypes", () => {
    expect(run("profile.constructor")).toBeNull();
    expect(run("offer.tags.length")).toBeNull();
  });

  it("says what is wrong and where", () => {
    const error = (src: string) => {
      try {
        parseFormula(src);
      } catch (err) {
        return (err as FormulaError).message;
      }
      return "parsed";
    };
    expect(error("1 +")).toBe("The formula ends too early (at character 4)");
    expect(error("offer.priority * (2")).toBe('Expected ")" before the end (at character 20)');
    expect(error("alert(1)")).toBe("Unknown function alert; use min, max, abs, round, floor, ceil, log, exp, sqrt, has, coalesce (at character 1)");
    expect(error("window.alert(1)")).toBe("Unknown name window; paths start with offer., profile. or context. (at character 1)");
    expect(error("foo + 1")).toBe("Unknown name foo; paths start with offer., profile. or context. (at character 1)");
    expect(error("offer")).toBe("Name a field of offer, such as offer.priority (at character 1)");
    expect(error("1 2")).toBe('Unexpected "2" after the end of the formula (at character 3)');
    expect(error("'open")).toBe("A text is not closed with its quote (at character 1)");
    expect(error("1 # 2")).toBe('Unexpected character "#" (at character 3)');
    expect(error("abs(1, 2)")).toBe("abs takes 1 argument (at character 1)");
    expect(error("(".repeat(40) + "1" + ")".repeat(40))).toContain("more than 30 levels");
    expect(error("1+".repeat(1500) + "1")).toContain("2000 characters");
  });

  it("evaluates any generated arithmetic like JavaScript would", () => {
    const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
      leaf: fc.integer({ min: 0, max: 99 }).map(String),
      node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.tuple(tie("node"), fc.constantFrom("+", "-", "*"), tie("node")).map(([a, op, b]) => `(${a} ${op} ${b})`)),
    })).node as fc.Arbitrary<string>;
    fc.assert(fc.property(expr, (src) => {
      // The reference: the same digits and operators read by a tiny independent evaluator.
      const reference = (s: string): number => {
        const tokens = s.match(/\d+|[()+\-*]/g)!;
        let i = 0;
        const atom = (): number => (tokens[i] === "(" ? (i++, ((v) => (i++, v))(sum())) : Number(tokens[i++]));
        const prod = (): number => { let v = atom(); while (tokens[i] === "*") { i++; v *= atom(); } return v; };
        const sum = (): number => { let v = prod(); while (tokens[i] === "+" || tokens[i] === "-") { const op = tokens[i++]; const r = prod(); v = op === "+" ? v + r : v - r; } return v; };
        return sum();
      };
      expect(run(src)).toBe(reference(src));
    }), { numRuns: 300 });
  });
});
