// Test mode: run the draft for a profile (every wait lasts seconds) or walk the live version
// without sending anything; the steps appear as they happen and the canvas marks the current node.
import { TextAreaField, TextField } from "../../components/fields";
import { Notice } from "../../components/Notice";
import { formatTime } from "../../lib/format";
import type { JourneyEditState } from "./model";

export function TestPanel({ model }: { model: JourneyEditState }) {
  const t = model.tester;
  const run = t.run.value;
  const trace = t.trace.value;
  const errors = t.fieldErrors.value;
  const busy = t.starting.value || model.busy.value !== null;
  const status = t.status.value;
  return (
    <section class="card test-mode" aria-labelledby="test-heading" data-testid="test-panel">
      <h2 id="test-heading">Test mode</h2>
      <p class="hint">
        <strong>Run test</strong> saves and runs the draft for one profile, every wait lasting seconds instead (1d waits 1 second); its messages are marked as tests.{" "}
        <strong>Dry run</strong> walks the live version for the profile, sending and changing nothing.
      </p>
      <div class="grid-2">
        <div>
          <TextField id="test-profile" label="Test profile id" value={t.profileId.value} error={errors.profileId} hint="A profile id (a visitor's device id works), or a new one." onInput={(v) => (t.profileId.value = v)} />
          <button type="button" class="button subtle" data-testid="test-new-profile" onClick={() => t.newProfileId()}>
            Use a new test profile
          </button>
        </div>
        <TextAreaField id="test-data" label="Entry data (optional JSON)" code rows={3} value={t.dataText.value} error={errors.data} hint='The entry event payload, such as { "sku": "tent" }.' onInput={(v) => (t.dataText.value = v)} />
      </div>
      <p class="actions">
        <button type="button" class="button primary" data-testid="run-test" disabled={busy || model.readOnly.value} onClick={() => void t.start(false)}>
          {t.starting.value ? "Starting…" : "Run test"}
        </button>
        <button type="button" class="button" data-testid="dry-run" disabled={busy || !model.live.value} title={model.live.value ? undefined : "Publish first: a dry run walks the live version"} onClick={() => void t.start(true)}>
          Dry run
        </button>
      </p>
      {t.error.value && (
        <Notice kind="error" testId="test-error">
          {t.error.value}
        </Notice>
      )}
      {run && (
        <div class="test-run" data-testid="test-run">
          <p class="test-status" role="status">
            {run.dryRun ? "Dry run" : "Test run"} for <code>{run.profileId}</code>:{" "}
            {!trace ? "starting…" : status === "done" ? `ended at ${t.currentNode.value ?? "?"}` : `${status ?? "running"} at ${t.currentNode.value ?? "?"}`}
          </p>
          <ol class="steps" data-testid="test-steps">
            {(trace?.steps ?? []).map((s) => (
              <li key={s.id} class={s.node === t.currentNode.value ? "is-current" : undefined}>
                <span class="event-time">{formatTime(s.at)}</span>{" "}
                <button type="button" class="link-button" onClick={() => model.shown.peek().nodes[s.node] && model.focusNode(s.node)} aria-label={`Show ${s.node} on the canvas`}>
                  {s.node}
                </button>{" "}
                <span class="muted">{s.type}</span> {s.outcome}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
