// What the test panel sends with the rule: the profile's attributes as a JSON object, its events
// as a JSON list, and the audiences it is taken to be in. Only the JSON's shape is checked here;
// the server checks the rest and names the field.
import { parseJson, parseJsonObject } from "../../lib/json-text";
import type { EvaluateInput, TestEvent } from "../../lib/types";

export type TestDraft = { profile: string; events: string; members: string };
export type TestField = keyof TestDraft;

export type ReadTest = { ok: true; input: Omit<EvaluateInput, "rule"> } | { ok: false; field: TestField; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readTestDraft(draft: TestDraft): ReadTest {
  const notObject = 'Give the attributes as a JSON object, such as { "tier": "gold" }.';
  const profile = draft.profile.trim() ? parseJsonObject(draft.profile, { empty: notObject, notObject }) : { ok: true as const, value: {} };
  if (!profile.ok) return { ok: false, field: "profile", message: profile.message };

  const events = draft.events.trim() ? parseJson(draft.events) : { ok: true as const, value: [] };
  if (!events.ok) return { ok: false, field: "events", message: events.message };
  if (!Array.isArray(events.value) || !events.value.every(isObject)) {
    return { ok: false, field: "events", message: 'Give the events as a JSON list of objects, such as [{ "type": "product.view", "timestamp": "2026-01-01T10:00:00Z" }].' };
  }

  const audiences = [...new Set(draft.members.split(",").map((s) => s.trim()).filter(Boolean))];
  return { ok: true, input: { profile: profile.value, events: events.value as TestEvent[], audiences } };
}
