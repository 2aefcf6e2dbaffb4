// "Test against a profile": the rule in force, evaluated on the server for a profile typed here.
import { Notice } from "../../components/Notice";
import { TextAreaField, TextField } from "../../components/fields";
import { ExplanationTree } from "./ExplanationTree";
import type { RuleTesterState } from "./tester";

export function TestPanel({ tester, currentKey }: { tester: RuleTesterState; currentKey: string }) {
  const draft = tester.draft.value;
  const fieldError = tester.fieldError.value;
  const result = tester.result.value;
  const errorOf = (field: string) => (fieldError?.field === field ? fieldError.message : undefined);
  return (
    <section class="card test-panel" aria-labelledby="test-heading" data-testid="test-panel">
      <h2 id="test-heading">Test against a profile</h2>
      <p class="hint">Nothing is stored: the server evaluates the rule above against what you type here, as the edge would now.</p>
      <div class="grid-2">
        <TextAreaField
          id="test-profile"
          label="Profile attributes (JSON)"
          code
          rows={6}
          value={draft.profile}
          hint={<>An object, such as <code>{'{ "tier": "gold", "points": 1200 }'}</code></>}
          error={errorOf("profile")}
          onInput={(profile) => tester.update({ profile })}
        />
        <TextAreaField
          id="test-events"
          label="Events (JSON list)"
          code
          rows={6}
          value={draft.events}
          hint={<>Such as <code>{'[{ "type": "product.view", "timestamp": "2026-01-01T10:00:00Z", "payload": {} }]'}</code>; a timestamp may also be epoch milliseconds.</>}
          error={errorOf("events")}
          onInput={(events) => tester.update({ events })}
        />
      </div>
      <TextField id="test-members" label="Member of audiences" value={draft.members} placeholder="gold-members, newsletter" hint="Ids, comma-separated, for $audience conditions." error={errorOf("members")} onInput={(members) => tester.update({ members })} />
      <p class="actions tight">
        <button type="button" class="button" data-testid="test-run" disabled={tester.testing.value} onClick={() => void tester.run()}>
          {tester.testing.value ? "Testing…" : "Test"}
        </button>
      </p>
      {tester.error.value && (
        <Notice kind="error" testId="test-error">
          {tester.error.value}
        </Notice>
      )}
      {result && (
        <div class="test-result" data-testid="test-result">
          <p class={result.match ? "verdict-line verdict-yes" : "verdict-line verdict-no"} data-testid="test-verdict" data-match={String(result.match)}>
            {result.match ? "✓ Matches: this profile is in the audience." : "✗ Does not match: this profile is not in the audience."}
          </p>
          {tester.testedKey.value !== currentKey && <p class="hint">The rule has changed since this test; test again to see the new verdict.</p>}
          <ExplanationTree explanation={result.explanation} />
        </div>
      )}
    </section>
  );
}
