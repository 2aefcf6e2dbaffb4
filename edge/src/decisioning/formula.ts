/**
 * Ranking formulas: a small expression language for scoring offers, such as
 * `offer.priority * 10 + (profile.tier == "gold" ? 5 : 0) - offer.margin / 100`.
 *
 * A formula is parsed once (at save and at publish) into a tree and evaluated by walking it;
 * nothing is ever compiled to code, which workerd forbids anyway. Paths read `offer.*`,
 * `profile.*` and `context.*`; a missing value reads as null, and arithmetic on something that is
 * not a number gives null rather than throwing, so one odd profile cannot fail a decision. The
 * score of an offer is the formula's value when it is a finite number, else it ranks last.
 */

export type Node =
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "literal"; value: boolean | null }
  | { kind: "path"; path: string[] }
  | { kind: "unary"; op: "-" | "!"; arg: Node }
  | { kind: "binary"; op: BinaryOp; left: Node; right: Node }
  | { kind: "conditional"; test: Node; then: Node; else: Node }
  | { kind: "call"; name: FunctionName; args: Node[] };

type BinaryOp = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";
type Value = number | string | boolean | null | Value[] | { [key: string]: Value };

export const MAX_FORMULA_LENGTH = 2000;
const MAX_DEPTH = 30;
const ROOTS = new Set(["offer", "profile", "context"]);

const FUNCTIONS = {
  min: { arity: [1, 20] },
  max: { arity: [1, 20] },
  abs: { arity: [1, 1] },
  round: { arity: [1, 1] },
  floor: { arity: [1, 1] },
  ceil: { arity: [1, 1] },
  log: { arity: [1, 1] },
  exp: { arity: [1, 1] },
  sqrt: { arity: [1, 1] },
  /** `has(list, value)`: the list holds the value (`has(offer.tags, "summer")`). */
  has: { arity: [2, 2] },
  /** `coalesce(a, b, …)`: the first that is not null. */
  coalesce: { arity: [1, 20] },
} as const;
type FunctionName = keyof typeof FUNCTIONS;

export class FormulaError extends Error {
  constructor(message: string, readonly at: number) {
    super(`${message} (at character ${at + 1})`);
  }
}

type Token = { type: "number" | "string" | "name" | "op" | "end"; text: string; at: number; value?: number | string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i))!;
      tokens.push({ type: "number", text: m[0], at, value: Number(m[0]) });
      i += m[0].length;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let out = "";
      while (j < src.length && src[j] !== ch) {
        if (src[j] === "\\" && j + 1 < src.length) {
          const next = src[j + 1];
          out += next === "n" ? "\n" : next === "t" ? "\t" : next;
          j += 2;
        } else out += src[j++];
      }
      if (j >= src.length) throw new FormulaError("A text is not closed with its quote", at);
      tokens.push({ type: "string", text: src.slice(i, j + 1), at, value: out });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      tokens.push({ type: "name", text: m[0], at });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (["==", "!=", "<=", ">=", "&&", "||"].includes(two)) {
        tokens.push({ type: "op", text: two, at });
        i += 2;
      } else if ("+-*/%<>!?:(),.".includes(ch)) {
        tokens.push({ type: "op", text: ch, at });
        i++;
      } else throw new FormulaError(`Unexpected character "${ch}"`, at);
    }
  }
  tokens.push({ type: "end", text: "", at: src.length });
  return tokens;
}

const PRECEDENCE: Record<string, number> = { "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6 };

/** Parses a formula, or throws a FormulaError saying where it goes wrong. */
export function parseFormula(src: string): Node {
  if (src.length > MAX_FORMULA_LENGTH) throw new FormulaError(`Keep formulas to ${MAX_FORMULA_LENGTH} characters`, 0);
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];
  const expect = (text: string) => {
    const t = take();
    if (t.text !== text) throw new FormulaError(t.type === "end" ? `Expected "${text}" before the end` : `Expected "${text}" but found "${t.text}"`, t.at);
  };

  const primary = (depth: number): Node => {
    if (depth > MAX_DEPTH) throw new FormulaError(`The formula nests more than ${MAX_DEPTH} levels deep`, peek().at);
    const t = take();
    if (t.type === "number") return { kind: "number", value: t.value as number };
    if (t.type === "string") return { kind: "string", value: t.value as string };
    if (t.type === "op" && (t.text === "-" || t.text === "!")) return { kind: "unary", op: t.text, arg: primary(depth + 1) };
    if (t.type === "op" && t.text === "(") {
      const inner = expression(depth + 1);
      expect(")");
      return inner;
    }
    if (t.type === "name") {
      if (t.text === "true" || t.text === "false") return { kind: "literal", value: t.text === "true" };
      if (t.text === "null") return { kind: "literal", value: null };
      if (peek().text === "(") {
        if (!(t.text in FUNCTIONS)) throw new FormulaError(`Unknown function ${t.text}; use ${Object.keys(FUNCTIONS).join(", ")}`, t.at);
        take();
        const args: Node[] = [];
        if (peek().text !== ")") {
          args.push(expression(depth + 1));
          while (peek().text === ",") {
            take();
            args.push(expression(depth + 1));
          }
        }
        expect(")");
        const [lo, hi] = FUNCTIONS[t.text as FunctionName].arity;
        if (args.length < lo || args.length > hi) throw new FormulaError(`${t.text} takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi > 1 ? "s" : ""}`, t.at);
        return { kind: "call", name: t.text as FunctionName, args };
      }
      if (!ROOTS.has(t.text)) throw new FormulaError(`Unknown name ${t.text}; paths start with offer., profile. or context.`, t.at);
      const path = [t.text];
      while (peek().text === ".") {
        take();
        const part = take();
        if (part.type !== "name") throw new FormulaError("Expected a field name after the dot", part.at);
        path.push(part.text);
      }
      if (path.length < 2) throw new FormulaError(`Name a field of ${t.text}, such as ${t.text}.priority`, t.at);
      return { kind: "path", path };
    }
    throw new FormulaError(t.type === "end" ? "The formula ends too early" : `Unexpected "${t.text}"`, t.at);
  };

  const binary = (minPrec: number, depth: number): Node => {
    let left = primary(depth);
    for (;;) {
      const op = peek();
      const prec = op.type === "op" ? PRECEDENCE[op.text] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      take();
      const right = binary(prec + 1, depth + 1);
      left = { kind: "binary", op: op.text as BinaryOp, left, right };
    }
  };

  const expression = (depth: number): Node => {
    const test = binary(1, depth);
    if (peek().text !== "?") return test;
    take();
    const then = expression(depth + 1);
    expect(":");
    return { kind: "conditional", test, then, else: expression(depth + 1) };
  };

  const tree = expression(0);
  const rest = peek();
  if (rest.type !== "end") throw new FormulaError(`Unexpected "${rest.text}" after the end of the formula`, rest.at);
  return tree;
}

export type Scope = { offer: Record<string, unknown>; profile: Record<string, unknown>; context: Record<string, unknown> };

const num = (v: Value): v is number => typeof v === "number" && Number.isFinite(v);
const truthy = (v: Value) => v !== null && v !== false && v !== 0 && v !== "";

function read(scope: Scope, path: string[]): Value {
  let at: unknown = scope[path[0] as keyof Scope];
  for (const part of path.slice(1)) {
    // Only plain fields: no prototype members, and nothing of lists but the list itself.
    if (typeof at !== "object" || at === null || Array.isArray(at) || !Object.prototype.hasOwnProperty.call(at, part)) return null;
    at = (at as Record<string, unknown>)[part];
  }
  return (at ?? null) as Value;
}

function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b) && typeof a === "object";
}

function math(f: (x: number) => number, x: Value): Value {
  if (!num(x)) return null;
  const r = f(x);
  return Number.isFinite(r) ? r : null;
}

export function evaluateFormula(node: Node, scope: Scope): Value {
  switch (node.kind) {
    case "number":
    case "string":
    case "literal":
      return node.value;
    case "path":
      return read(scope, node.path);
    case "unary": {
      const v = evaluateFormula(node.arg, scope);
      return node.op === "!" ? !truthy(v) : num(v) ? -v : null;
    }
    case "conditional":
      return truthy(evaluateFormula(node.test, scope)) ? evaluateFormula(node.then, scope) : evaluateFormula(node.else, scope);
    case "binary": {
      if (node.op === "&&") return truthy(evaluateFormula(node.left, scope)) && truthy(evaluateFormula(node.right, scope));
      if (node.op === "||") return truthy(evaluateFormula(node.left, scope)) || truthy(evaluateFormula(node.right, scope));
      const a = evaluateFormula(node.left, scope);
      const b = evaluateFormula(node.right, scope);
      switch (node.op) {
        case "==": return equal(a, b);
        case "!=": return !equal(a, b);
        case "+":
          if (typeof a === "string" || typeof b === "string") return a === null || b === null ? null : `${a}${b}`;
          return num(a) && num(b) ? a + b : null;
        case "-": return num(a) && num(b) ? a - b : null;
        case "*": return num(a) && num(b) ? a * b : null;
        case "/": return num(a) && num(b) && b !== 0 ? a / b : null;
        case "%": return num(a) && num(b) && b !== 0 ? a % b : null;
        default: {
          // Comparisons compare numbers with numbers and text with text, like audience rules.
          const comparable = (num(a) && num(b)) || (typeof a === "string" && typeof b === "string");
          if (!comparable) return false;
          const [x, y] = [a as number | string, b as number | string];
          return node.op === "<" ? x < y : node.op === "<=" ? x <= y : node.op === ">" ? x > y : x >= y;
        }
      }
    }
    case "call": {
      const args = node.args.map((a) => evaluateFormula(a, scope));
      switch (node.name) {
        case "min": case "max": {
          const nums = args.filter(num);
          return nums.length ? (node.name === "min" ? Math.min(...nums) : Math.max(...nums)) : null;
        }
        case "abs": return math(Math.abs, args[0]);
        case "round": return math(Math.round, args[0]);
        case "floor": return math(Math.floor, args[0]);
        case "ceil": return math(Math.ceil, args[0]);
        case "log": return math(Math.log, args[0]);
        case "exp": return math(Math.exp, args[0]);
        case "sqrt": return math(Math.sqrt, args[0]);
        case "has": return Array.isArray(args[0]) && args[0].some((v) => equal(v, args[1]));
        case "coalesce": return args.find((v) => v !== null) ?? null;
      }
    }
  }
}

/** An offer's score: the formula's value when it is a finite number, else null (ranked last). */
export function score(node: Node, scope: Scope): number | null {
  const v = evaluateFormula(node, scope);
  if (typeof v === "boolean") return v ? 1 : 0;
  return num(v) ? v : null;
}
