// JSON typed into a text box, read with messages a person can act on.

export type JsonText<T> = { ok: true; value: T } | { ok: false; message: string };

/** The parsed value, or the parser's own account of what is wrong. */
export function parseJson(text: string): JsonText<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** A JSON object; `messages` say what to write when the box is empty or holds something else. */
export function parseJsonObject(text: string, messages: { empty: string; notObject: string }): JsonText<Record<string, unknown>> {
  if (!text.trim()) return { ok: false, message: messages.empty };
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, message: messages.notObject };
  return { ok: true, value: value as Record<string, unknown> };
}
