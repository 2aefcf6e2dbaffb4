// The header's Publish action: compiles the sandbox's offers into a new snapshot for the edge and
// says which version went live. The status line is always in the DOM so screen readers announce
// its changes.
import { formatDateTime, formatSummary, formatTime } from "../lib/format";
import { publications } from "../lib/publications";
import { session } from "../lib/session";

export function PublishButton() {
  const { publishing, latest, publishError } = publications;
  const published = latest.value;
  return (
    <div class="publish">
      <button
        type="button"
        class="button primary"
        data-testid="publish-button"
        aria-describedby="publish-status"
        disabled={publishing.value}
        onClick={() => void publications.publish(session.sandbox.value)}
      >
        Publish
      </button>
      <p
        id="publish-status"
        class="publish-status"
        role="status"
        data-testid="publish-status"
        title={published ? `${formatDateTime(published.publishedAt)}: ${formatSummary(published.summary)}` : undefined}
      >
        {publishing.value ? "Publishing…" : published && `Published version ${published.version} at ${formatTime(published.publishedAt)}`}
      </p>
      {publishError.value && (
        <p class="publish-error" role="alert" data-testid="publish-error">
          Publish failed: {publishError.value}
        </p>
      )}
    </div>
  );
}
