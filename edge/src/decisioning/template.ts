/**
 * Personalization templates in offer content: `Hello {{ profile.firstName | default: "there" }}`,
 * `{% if profile.tier == "gold" %}…{% endif %}`, rendered with LiquidJS against three namespaces,
 * `profile`, `context` and `offer`.
 *
 * Why it is built this way:
 * - **Escaped by default.** Profile values come from visitors and imports, so every output is
 *   escaped for the offer's format: HTML-escaped in html, escaped for a JSON string literal in
 *   json, URL-encoded in image URLs, left alone in text. `| raw` as the last filter is the
 *   author's explicit opt-out. In html, a final `| escape` (or `escape_once`, `xml_escape`) counts
 *   as the escaping, so Shopify-style templates are not escaped twice.
 * - **No code generation.** LiquidJS parses into a tree and walks it; it never calls `eval` or
 *   `new Function`, which workerd forbids (edge/test/template.test.ts renders inside workerd).
 *   The Worker's bundle gets LiquidJS's browser build through its `browser` field, which has no
 *   Node imports; tests in Node get the Node build, the same engine.
 * - **Parsed once.** Parsed templates are kept in a bounded map keyed by format and content;
 *   content without `{{` or `{%` is returned as is without parsing.
 * - **Never throws, never hangs.** A failing output (a filter that throws on an odd value) renders
 *   as empty and the rest of the content renders as usual. Content that does not parse (it missed
 *   `checkTemplate`) renders with its tokens removed. LiquidJS's own time limit reads a clock that
 *   workerd freezes while code runs, so rendering is also bounded by a count of rendered nodes
 *   and the output's length; past a limit, the rest is left out.
 * - **No files.** `include`, `render` and `layout` are refused: there is no file system, and
 *   offer content is one self-contained template.
 */

import { Context, Liquid, toValueSync, type Emitter, type LiquidOptions, type Template } from "liquidjs";

export type TemplateScope = { profile: Record<string, unknown>; context: Record<string, unknown>; offer: Record<string, unknown> };
export type ContentFormat = "html" | "text" | "image" | "json";

export const MAX_CACHED_TEMPLATES = 5000;
/** Nodes (outputs, tags, text, loop iterations) one render may visit: a few milliseconds of work at most. */
export const MAX_RENDER_STEPS = 5_000;
/** Characters one render may produce. */
export const MAX_OUTPUT_LENGTH = 256_000;
const MAX_RENDER_MS = 50;
const NAMESPACES = new Set(["profile", "context", "offer"]);
const REFUSED_TAGS = ["include", "render", "layout"];

const BASE: LiquidOptions = {
  strictVariables: false,
  ownPropertyOnly: true,
  // Workers run in UTC; pin zone and locale so `date` reads the same in tests and in production.
  timezoneOffset: 0,
  locale: "en-US",
  parseLimit: 100_000,
  // Characters allocated by filters and range items created by loops, per render.
  memoryLimit: 100_000,
};

/** Liquid's own stringification: nil is empty, arrays are joined, the rest is `String()`. */
function toText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(toText).join("");
  return String(value);
}

const ESCAPES: Record<ContentFormat, LiquidOptions["outputEscape"]> = {
  html: "escape",
  text: undefined,
  json: (value: unknown) => JSON.stringify(toText(value)).slice(1, -1),
  image: (value: unknown) => encodeURIComponent(toText(value)),
};

function refuseFiles(engine: Liquid) {
  for (const name of REFUSED_TAGS) {
    engine.registerTag(name, {
      parse() {
        throw new Error(`{% ${name} %} is not available: offer content is one template and cannot read files or other templates`);
      },
      render() {},
    });
  }
}

function engineFor(format: ContentFormat): Liquid {
  // The escape is added to each output when it is parsed, so each format has its own engine.
  const engine = new Liquid({ ...BASE, outputEscape: ESCAPES[format], catchAllErrors: true });
  refuseFiles(engine);
  if (format === "html") {
    // Their output is escaped already: as the last filter they stand for the default escape.
    for (const name of ["escape", "escape_once", "xml_escape"]) {
      const filter = engine.filters[name];
      engine.registerFilter(name, typeof filter === "function" ? { handler: filter, raw: true } : { ...filter, raw: true });
    }
  }
  return engine;
}

const engines: Record<ContentFormat, Liquid> = { html: engineFor("html"), text: engineFor("text"), json: engineFor("json"), image: engineFor("image") };
const checker = new Liquid({ ...BASE, strictFilters: true });
refuseFiles(checker);

const hasTokens = (content: string) => content.includes("{{") || content.includes("{%");

/** A Liquid error message reads "…, line:2, col:5"; say it in words. */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /, line:(\d+), col:(\d+)$/.exec(message);
  const text = (at ? message.slice(0, at.index) : message).replace(/^undefined filter: (.+)$/, 'unknown filter "$1"');
  return at ? `${text} (line ${at[1]}, column ${at[2]})` : text;
}

/** Why the content cannot be saved, or null when it parses and reads only known namespaces. */
export function checkTemplate(content: string): string | null {
  if (!hasTokens(content)) return null;
  try {
    const unknown = checker.globalVariablesSync(checker.parse(content)).filter((name) => !NAMESPACES.has(name));
    if (unknown.length) return `Unknown name${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")}: values are read from profile, context or offer (e.g. {{ profile.firstName }})`;
    return null;
  } catch (err) {
    return describe(err);
  }
}

/** Parsed templates by format and content; null for content that does not parse. */
const cache = new Map<string, Template[] | null>();

function parsed(content: string, format: ContentFormat): Template[] | null {
  const key = `${format}\u0000${content}`;
  let templates = cache.get(key);
  if (templates === undefined) {
    try {
      templates = engines[format].parse(content);
    } catch {
      templates = null;
    }
    if (cache.size >= MAX_CACHED_TEMPLATES) cache.delete(cache.keys().next().value!);
    cache.set(key, templates);
  }
  return templates;
}

/** How many parsed templates are cached (for tests and metrics). */
export const cachedTemplates = () => cache.size;

/**
 * Collects the output and stands in for LiquidJS's render-time limiter, which LiquidJS consults
 * before every node it renders: counting those calls bounds the work even where the clock stands
 * still (workerd), and the clock still bounds it in Node.
 */
class Budget implements Emitter {
  buffer = "";
  #steps = 0;
  #stopped = false;
  readonly #deadline = Date.now() + MAX_RENDER_MS;

  write(html: unknown) {
    const text = toText(html);
    if (this.#stopped || this.buffer.length + text.length > MAX_OUTPUT_LENGTH) this.#stop();
    this.buffer += text;
  }
  check() {
    const steps = ++this.#steps;
    if (this.#stopped || steps > MAX_RENDER_STEPS || (steps % 256 === 0 && Date.now() > this.#deadline)) this.#stop();
  }
  use() {}
  /** Once a limit is hit, every later node fails too, so the rest of the content is left out. */
  #stop(): never {
    this.#stopped = true;
    throw new Error("template render limit exceeded");
  }
}

function render(templates: Template[], engine: Liquid, scope: TemplateScope): string {
  const budget = new Budget();
  const ctx = new Context(scope, engine.options, { sync: true }, { liquid: engine, renderLimit: budget as unknown as Context["renderLimit"] });
  try {
    toValueSync(engine.renderer.renderTemplates(templates, ctx, budget));
  } catch {
    // With catchAllErrors, LiquidJS skips each failing node, renders the rest, and throws the
    // collected errors at the end: the buffer already holds everything that did render.
  }
  return budget.buffer;
}

/** Content whose tokens could not be parsed: the author's text without them. */
const stripTokens = (content: string) => content.replace(/\{\{[\s\S]*?(?:\}\}|$)|\{%[\s\S]*?(?:%\}|$)/g, "");

/** The content with its tokens rendered for this scope, escaped for the format. Never throws. */
export function renderContent(content: string, format: ContentFormat, scope: TemplateScope): string {
  if (!hasTokens(content)) return content;
  const templates = parsed(content, format);
  return templates ? render(templates, engines[format], scope) : stripTokens(content);
}
