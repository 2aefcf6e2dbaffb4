// Journeys page: every journey of the sandbox with its versions, and the way in to create one.
import { useModel, useSignalEffect } from "@preact/signals";
import { useLocation } from "preact-iso";
import { ErrorSummary } from "../../components/ErrorSummary";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { TextField } from "../../components/fields";
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { JourneysModel, journeyStatus } from "./model";

const FIELD_LABELS: Record<string, string> = { name: "Name", id: "Journey id", eventType: "Entry event type" };

export default function Journeys() {
  const model = useModel(JourneysModel);
  const { query, route } = useLocation();

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  async function submit(e: Event) {
    e.preventDefault();
    const id = await model.create(session.sandbox.peek());
    if (id) route(paths.journey(id));
    else requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-testid=form-errors] a")?.focus());
  }

  const items = model.items.value;
  const form = model.form.value;
  const errors = model.errors.value;
  return (
    <section>
      <div class="page-head">
        <h1>Journeys</h1>
        {!model.creating.value && (
          <button type="button" class="button primary" data-testid="new-journey" onClick={() => (model.creating.value = true)}>
            New journey
          </button>
        )}
      </div>
      <p class="lead">
        A journey walks each profile that enters it through a graph of steps: conditions, splits, waits, actions. Edit its draft on the canvas; publishing makes it the live
        version, which profiles enter from then on.
      </p>
      {query.deleted && (
        <Notice kind="ok" testId="journey-deleted">
          Journey <strong>{query.deleted}</strong> deleted.
        </Notice>
      )}
      {model.creating.value && (
        <form class="card form new-journey" onSubmit={submit} noValidate data-testid="new-journey-form" aria-labelledby="new-journey-heading">
          <h2 id="new-journey-heading">New journey</h2>
          {model.formError.value && (
            <ErrorSummary message={model.formError.value} errors={errors as Record<string, string>} labelFor={(k) => FIELD_LABELS[k] ?? k} fieldIdFor={(k) => `new-journey-${k === "eventType" ? "event" : k}`} />
          )}
          <div class="grid-2">
            <TextField id="new-journey-name" label="Name" value={form.name} error={errors.name} onInput={(name) => model.update({ name })} />
            <IdField id="new-journey-id" label="Journey id" value={form.id} fixed={false} error={errors.id} onInput={(id) => model.update({ id })} />
          </div>
          <TextField
            id="new-journey-event"
            label="Entry event type"
            value={form.eventType}
            hint="Profiles enter when they send this event. The journey starts straight to its end: add the steps on the canvas."
            error={errors.eventType}
            onInput={(eventType) => model.update({ eventType })}
          />
          <p class="actions">
            <button type="submit" class="button primary" data-testid="create-journey" disabled={model.saving.value}>
              {model.saving.value ? "Creating…" : "Create and open"}
            </button>
            <button type="button" class="button subtle" onClick={() => (model.creating.value = false)}>
              Cancel
            </button>
          </p>
        </form>
      )}
      {model.error.value && <Notice kind="error">Could not load journeys: {model.error.value}</Notice>}
      {model.loading.value && items.length === 0 ? (
        <p class="muted">Loading journeys…</p>
      ) : items.length === 0 && !model.error.value ? (
        <p data-testid="journeys-empty">
          No journeys in sandbox <strong>{session.sandbox.value}</strong> yet.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="journeys-table">
            <caption class="visually-hidden">Journeys by name, with their live and draft versions</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">Live version</th>
                <th scope="col" class="num">Draft</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((j) => {
                const status = journeyStatus(j);
                return (
                  <tr key={j.id} data-testid={`journey-row-${j.id}`}>
                    <th scope="row">
                      <a href={paths.journey(j.id)}>{j.name}</a>
                      <span class="muted id">{j.id}</span>
                      {j.description && <span class="muted description">{j.description}</span>}
                    </th>
                    <td>
                      <span class={`badge badge-${status}`} data-testid="journey-status">
                        {status}
                      </span>
                    </td>
                    <td class="num" data-testid="journey-live">
                      {j.live === null ? "—" : `v${j.live}`}
                    </td>
                    <td class="num" data-testid="journey-draft">
                      {j.draft === null ? "—" : `v${j.draft}`}
                    </td>
                    <td class="nowrap">{formatDateTime(j.updatedAt)}</td>
                    <td>
                      <a href={paths.journey(j.id)} aria-label={`Edit ${j.name}`}>
                        Edit
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
