// The journey's versions at a glance, and what can be done with them: save the draft, publish
// it (saving first), stop the live version, show the live version when it differs.
import { formatDateTime } from "../../lib/format";
import type { JourneyEditState } from "./model";
import { ConfirmAction } from "./ConfirmAction";

export function VersionBar({ model }: { model: JourneyEditState }) {
  const live = model.liveSummary.value;
  const draft = model.draftVersion.value;
  const stopped = model.versions.value.find((v) => v.status === "stopped");
  const busy = model.busy.value;
  const dirty = model.dirty.value;
  const nextVersion = draft ?? (model.versions.value[0]?.version ?? 0) + 1;
  return (
    <div class="version-bar" data-testid="version-bar">
      <p class="versions" data-testid="journey-status">
        {live ? (
          <span class="badge badge-live">live v{live.version}</span>
        ) : stopped ? (
          <span class="badge badge-stopped">stopped v{stopped.version}</span>
        ) : (
          <span class="badge badge-draft">not published</span>
        )}
        {draft !== null ? <span class="badge badge-draft">draft v{draft}</span> : live && <span class="muted">no draft: editing starts one</span>}
        {dirty && (
          <span class="unsaved" data-testid="unsaved">
            Unsaved changes
          </span>
        )}
        {live?.publishedAt && <span class="muted">published {formatDateTime(live.publishedAt)}</span>}
      </p>
      <p class="actions version-actions">
        <button type="button" class="button" data-testid="save-journey" disabled={busy !== null || model.readOnly.value} onClick={() => void model.save()}>
          {busy === "saving" ? "Saving…" : "Save draft"}
        </button>
        <ConfirmAction
          label={busy === "publishing" ? "Publishing…" : "Publish"}
          question={`Make ${dirty || draft === null ? "these changes" : `draft v${draft}`} the live version v${nextVersion}?`}
          confirmLabel="Yes, publish"
          testId="publish-journey"
          disabled={busy !== null || (!dirty && draft === null)}
          onConfirm={() => void model.publish()}
        />
        {live && (
          <ConfirmAction
            label={busy === "stopping" ? "Stopping…" : "Stop"}
            question={`Stop v${live.version}? No one new enters; profiles inside finish it.`}
            confirmLabel="Yes, stop"
            testId="stop-journey"
            kind="danger"
            disabled={busy !== null}
            onConfirm={() => void model.stop()}
          />
        )}
        {model.live.value && (model.liveDiffers.value || model.viewLive.value) && (
          <button type="button" class="button subtle" data-testid="toggle-live" aria-pressed={model.viewLive.value} onClick={() => model.toggleLive()}>
            {model.viewLive.value ? "Back to the draft" : `Show live v${model.live.value.version}`}
          </button>
        )}
      </p>
    </div>
  );
}
