/**
 * A guard for `pattern` in schemas: the regular expression runs on every event at the edge, so a
 * pattern that can backtrack catastrophically would let one crafted event burn the Worker's CPU.
 *
 * The guard is a small scanner, not a full parser. It rejects the two shapes behind most runaway
 * patterns: a repeated group that itself contains a quantifier (`(a+)+`, `(\w*\.)*`, `(a|b+){2,}`)
 * and back-references (`\1`, `\k<name>`). A group with a quantifier inside may still be made
 * optional with a lone `?`. What passes is then compiled with the `u` flag, as the validator does.
 */

export const MAX_PATTERN_LENGTH = 200;

type Frame = { quantified: boolean };

/** The `{n}`, `{n,}` or `{n,m}` quantifier starting at `i`, or null when `{` is not one. */
function braceQuantifierEnd(p: string, i: number): number | null {
  const m = /^\{\d+(,\d*)?\}/.exec(p.slice(i));
  return m ? i + m[0].length : null;
}

/** Returns why the pattern is refused, or null when it is acceptable. */
export function checkPattern(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `Keep patterns to ${MAX_PATTERN_LENGTH} characters or fewer`;
  try {
    new RegExp(pattern, "u");
  } catch (err) {
    return `Not a valid regular expression: ${(err as Error).message}`;
  }

  const stack: Frame[] = [{ quantified: false }];
  // Whether the atom just before the current position is a group holding a quantifier.
  let lastWasQuantifiedGroup = false;
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9]/.test(next) || (next === "k" && pattern[i + 2] === "<")) {
        return "Back-references (\\1, \\k<name>) are not allowed: they can make matching very slow";
      }
      // \p{…}, \P{…} and \u{…} carry braces that are not quantifiers.
      if (/[pPu]/.test(next) && pattern[i + 2] === "{") {
        const close = pattern.indexOf("}", i + 3);
        i = close === -1 ? pattern.length : close + 1;
      } else {
        i += 2;
      }
      lastWasQuantifiedGroup = false;
      continue;
    }
    if (ch === "[") {
      // A character class: its contents are never quantifiers or groups.
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      i++;
      lastWasQuantifiedGroup = false;
      continue;
    }
    if (ch === "(") {
      stack.push({ quantified: false });
      i++;
      // Skip (?: (?= (?! (?<= (?<! and (?<name>: they are group kinds, not quantifiers.
      if (pattern[i] === "?") {
        const kind = /^\?(?::|=|!|<=|<!|<[^>]*>)/.exec(pattern.slice(i));
        i += kind ? kind[0].length : 1;
      }
      lastWasQuantifiedGroup = false;
      continue;
    }
    if (ch === ")") {
      const closed = stack.length > 1 ? stack.pop()! : { quantified: false };
      // What is inside a group is inside its parent too.
      if (closed.quantified) stack[stack.length - 1].quantified = true;
      lastWasQuantifiedGroup = closed.quantified;
      i++;
      continue;
    }
    const braceEnd = ch === "{" ? braceQuantifierEnd(pattern, i) : null;
    if (ch === "*" || ch === "+" || ch === "?" || braceEnd !== null) {
      if (lastWasQuantifiedGroup && ch !== "?") {
        return "Nested quantifiers such as (a+)+ are not allowed: they can make matching very slow";
      }
      stack[stack.length - 1].quantified = true;
      i = braceEnd ?? i + 1;
      if (pattern[i] === "?") i++; // lazy modifier
      lastWasQuantifiedGroup = false;
      continue;
    }
    lastWasQuantifiedGroup = false;
    i++;
  }
  return null;
}
