/**
 * The personalization language of message templates: the offers' Liquid (rendered by
 * edge/src/decisioning/template.ts, escaped per format, bounded) with other names to read and
 * one more tag, `{% fragment "footer" %}`.
 *
 * Why it is built this way:
 * - **Fragments are substituted before parsing.** A fragment tag is replaced by the fragment's
 *   content, then the whole text is parsed and rendered like any other template. LiquidJS never
 *   reads a file, the render keeps its single bound, and a fragment's tokens see the same names
 *   as the template's. Tags inside `{% raw %}` and `{% comment %}` blocks are left alone.
 * - **Fragments may include fragments**, at most MAX_FRAGMENT_DEPTH deep; a fragment that
 *   includes itself, directly or through others, is refused at save and renders as nothing.
 * - **The same checks as offers' content**, for other names: a template must parse, use known
 *   filters and tags (no `include`, `render`, `layout`), and read only `profile`, `journey`,
 *   `offers` and `context`.
 */
import { Liquid } from "liquidjs";

export const NAMESPACES = ["profile", "journey", "offers", "context"] as const;
export const MAX_FRAGMENT_DEPTH = 5;
const KNOWN = new Set<string>(NAMESPACES);

/** Fragment contents by id. */
export type Fragments = Readonly<Record<string, string>>;

/**
 * Raw and comment blocks (left as they are), and fragment tags with their id in quotes. Quotes
 * may be single or double; `{%-` and `-%}` are accepted (their trimming does not apply).
 */
const BLOCKS_AND_FRAGMENTS =
  /\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\}|\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}|\{%-?\s*fragment\s+(?:"([^"]*)"|'([^']*)')\s*-?%\}/g;

export type Expansion = { text: string; problems: string[]; used: Set<string> };

/** The content with its fragment tags replaced, recursively; what could not be included, and why. */
export function expandFragments(content: string, fragments: Fragments): Expansion {
  const problems: string[] = [];
  const used = new Set<string>();
  const expand = (text: string, trail: string[]): string =>
    text.includes("fragment")
      ? text.replace(BLOCKS_AND_FRAGMENTS, (whole, double: string | undefined, single: string | undefined) => {
          const id = double ?? single;
          if (id === undefined) return whole;
          used.add(id);
          if (trail.includes(id)) {
            problems.push(`Fragment "${id}" includes itself (${[...trail.slice(trail.indexOf(id)), id].join(" → ")})`);
            return "";
          }
          const body = Object.hasOwn(fragments, id) ? fragments[id] : undefined;
          if (body === undefined) {
            problems.push(`No fragment "${id}" in this sandbox`);
            return "";
          }
          if (trail.length >= MAX_FRAGMENT_DEPTH) {
            problems.push(`Fragments nest more than ${MAX_FRAGMENT_DEPTH} deep (${[...trail, id].join(" → ")})`);
            return "";
          }
          return expand(body, [...trail, id]);
        })
      : text;
  return { text: expand(content, []), problems: [...new Set(problems)], used };
}

/** Fragment ids a content names itself (not through other fragments). */
export function fragmentRefs(content: string): string[] {
  const ids = new Set<string>();
  for (const m of content.matchAll(BLOCKS_AND_FRAGMENTS)) {
    const id = m[1] ?? m[2];
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

const checker = new Liquid({ strictVariables: false, ownPropertyOnly: true, timezoneOffset: 0, locale: "en-US", parseLimit: 100_000, memoryLimit: 100_000, strictFilters: true });
for (const name of ["include", "render", "layout"]) {
  checker.registerTag(name, {
    parse() {
      throw new Error(`{% ${name} %} is not available: include a fragment instead ({% fragment "footer" %})`);
    },
    render() {},
  });
}
// A fragment tag still here after substitution is one without a quoted id.
checker.registerTag("fragment", {
  parse() {
    throw new Error('{% fragment %} takes a fragment id in quotes: {% fragment "footer" %}');
  },
  render() {},
});

/** A Liquid error message reads "…, line:2, col:5"; say it in words. */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /, line:(\d+), col:(\d+)$/.exec(message);
  const text = (at ? message.slice(0, at.index) : message).replace(/^undefined filter: (.+)$/, 'unknown filter "$1"');
  return at ? `${text} (line ${at[1]}, column ${at[2]})` : text;
}

/**
 * Why a template part (or a fragment) cannot be saved, or null. Fragments are substituted first,
 * so a missing or self-including fragment is reported, and line numbers count in the expanded text.
 */
export function checkMessageTemplate(content: string, fragments: Fragments): string | null {
  const { text, problems } = expandFragments(content, fragments);
  if (problems.length) return problems.join("; ");
  if (!text.includes("{{") && !text.includes("{%")) return null;
  try {
    const unknown = checker.globalVariablesSync(checker.parse(text)).filter((n) => !KNOWN.has(n));
    if (unknown.length) {
      return `Unknown name${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")}: values are read from profile, journey, offers or context (e.g. {{ profile.firstName }})`;
    }
    return null;
  } catch (err) {
    return describe(err);
  }
}
