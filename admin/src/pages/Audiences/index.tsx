// Audiences page: the sandbox's audiences with their sizes, "Count now", and the way in to create
// or edit one.
import { useModel, useSignalEffect } from "@preact/signals";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { formatCount, formatTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { AudiencesTable } from "./AudiencesTable";
import { AudiencesModel } from "./model";

export default function Audiences() {
  const model = useModel(AudiencesModel);
  const { query } = useLocation();

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  const { saved, deleted } = query;
  const run = model.lastRun.value;
  const items = model.items.value;
  return (
    <section>
      <div class="page-head">
        <h1>Audiences</h1>
        <div class="actions head-actions">
          <button type="button" class="button" data-testid="count-now" disabled={model.counting.value || items.length === 0} onClick={() => void model.countNow(session.sandbox.value)}>
            {model.counting.value ? "Counting…" : "Count now"}
          </button>
          <a class="button primary" href={paths.newAudience} data-testid="new-audience">
            New audience
          </a>
        </div>
      </div>
      <p class="lead">Sizes come from counting every profile, every hour or when you ask. Audiences reach the edge, and offers, when you publish.</p>
      {saved && (
        <Notice kind="ok" testId="audience-saved">
          Audience <strong>{saved}</strong> saved. Publish to use it at the edge.
        </Notice>
      )}
      {deleted && (
        <Notice kind="ok" testId="audience-deleted">
          Audience <strong>{deleted}</strong> deleted.
        </Notice>
      )}
      {run && (
        <Notice kind="ok" testId="count-status">
          Counted {formatCount(run.profiles)} {run.profiles === 1 ? "profile" : "profiles"} at {formatTime(run.at)}.
        </Notice>
      )}
      {model.runError.value && <Notice kind="error">Could not count: {model.runError.value}</Notice>}
      {model.error.value && <Notice kind="error">Could not load audiences: {model.error.value}</Notice>}
      {model.loading.value && items.length === 0 ? (
        <p class="muted">Loading audiences…</p>
      ) : items.length === 0 && !model.error.value ? (
        <p data-testid="audiences-empty">
          No audiences in sandbox <strong>{session.sandbox.value}</strong> yet. <a href={paths.newAudience}>Create the first one</a>.
        </p>
      ) : (
        <AudiencesTable audiences={items} highlight={saved} />
      )}
    </section>
  );
}
