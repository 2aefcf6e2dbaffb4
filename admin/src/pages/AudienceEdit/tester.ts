// The "Test against a profile" panel: the rule in force, evaluated on the server against a
// profile typed here, with each clause's verdict.
import { type ReadonlySignal, signal } from "@preact/signals";
import { evaluateRule } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { Evaluation } from "../../lib/types";
import type { Current } from "./rule-editor";
import { readTestDraft, type TestDraft, type TestField } from "./test-input";

export function ruleTester(current: ReadonlySignal<Current>, currentKey: ReadonlySignal<string>) {
  const draft = signal<TestDraft>({ profile: "{}", events: "[]", members: "" });
  const result = signal<Evaluation | null>(null);
  /** The rule the result is about, to say when the rule has changed since. */
  const testedKey = signal<string | null>(null);
  const error = signal<string | null>(null);
  const fieldError = signal<{ field: TestField; message: string } | null>(null);
  const testing = signal(false);

  function update(patch: Partial<TestDraft>) {
    draft.value = { ...draft.value, ...patch };
  }

  async function run() {
    error.value = null;
    fieldError.value = null;
    const rule = current.value;
    if (!rule.ok) {
      error.value = rule.message;
      return;
    }
    const read = readTestDraft(draft.value);
    if (!read.ok) {
      fieldError.value = { field: read.field, message: read.message };
      return;
    }
    testing.value = true;
    try {
      const key = currentKey.value;
      result.value = await evaluateRule({ rule: rule.rule, ...read.input });
      testedKey.value = key;
    } catch (err) {
      result.value = null;
      const details = err instanceof ApiError ? err.details : [];
      error.value = details.length ? `${messageOf(err)}: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}` : messageOf(err);
    } finally {
      testing.value = false;
    }
  }

  return { draft, result, testedKey, error, fieldError, testing, update, run };
}

export type RuleTesterState = ReturnType<typeof ruleTester>;
