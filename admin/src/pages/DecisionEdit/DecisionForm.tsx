// The decision form, for a new decision (no id) or an existing one (PUT replaces it whole), and,
// once saved, the simulator under it.
import { useModel, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ConfirmButton } from "../../components/ConfirmButton";
import { ErrorSummary } from "../../components/ErrorSummary";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { CheckboxField, TextField } from "../../components/fields";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { fieldIdForKey, labelForKey, MAX_PLACEMENTS } from "./draft";
import { EntryFieldset } from "./EntryFieldset";
import { DecisionEditModel } from "./model";
import { SimulatorPanel } from "./SimulatorPanel";

export function DecisionForm({ id, justSaved }: { id?: string; justSaved: boolean }) {
  const sandbox = session.sandbox.peek();
  const model = useModel(() => new DecisionEditModel(sandbox, id));
  const { route } = useLocation();

  useSignalEffect(() => {
    // The decision belongs to the sandbox it was opened in; switching sandbox leaves the form.
    if (session.sandbox.value !== sandbox) route(paths.decisions);
  });
  useEffect(() => {
    void model.load();
  }, []);

  if (model.loading.value) return <p class="muted">Loading…</p>;
  if (model.loadError.value) return <Notice kind="error">Could not open the decision: {model.loadError.value}</Notice>;

  const draft = model.draft.value;
  const errors = model.errors.value;
  const saved = model.original.value;
  const entries = draft.placements;

  async function submit(event: Event) {
    event.preventDefault();
    const wasNew = !model.original.peek();
    const decision = await model.save();
    if (decision && wasNew) route(`${paths.decision(decision.id)}?saved=1`);
    else if (!decision) requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-testid=form-errors] a")?.focus());
  }

  async function remove() {
    if (await model.remove()) route(`${paths.decisions}?deleted=${encodeURIComponent(id ?? "")}`);
  }

  function move(entryKey: number, key: number, delta: -1 | 1) {
    model.moveCriterion(entryKey, key, delta);
    // Keep the keyboard on the moved criterion: its own button, or the other one at an end.
    // A task, not a frame: it runs right after the render, even when frames are held back.
    setTimeout(() => {
      const wanted = document.getElementById(`crit-${key}-${delta < 0 ? "up" : "down"}`) as HTMLButtonElement | null;
      const other = document.getElementById(`crit-${key}-${delta < 0 ? "down" : "up"}`) as HTMLButtonElement | null;
      (wanted && !wanted.disabled ? wanted : other)?.focus();
    }, 0);
  }

  return (
    <>
      <form class="form decision-form" onSubmit={submit} noValidate data-testid="decision-form">
        {model.formError.value && <ErrorSummary message={model.formError.value} errors={errors} labelFor={(k) => labelForKey(k, draft)} fieldIdFor={fieldIdForKey} />}
        {(justSaved || model.savedHere.value) && !model.dirty.value && !model.formError.value && (
          <Notice kind="ok" testId="decision-saved">
            Decision saved. The simulator below uses it now; publish to use it at the edge.
          </Notice>
        )}
        <div class="grid-2">
          <TextField id="decision-name" label="Name" value={draft.name} error={errors.name} onInput={(name) => model.update({ name })} />
          <IdField id="decision-id" label="Decision id" value={draft.id} fixed={Boolean(saved)} error={errors.id} onInput={(v) => model.update({ id: v })} />
        </div>
        <CheckboxField
          id="decision-duplicates"
          label="Allow the same offer in several placements"
          checked={draft.allowDuplicates}
          hint="Off: an offer chosen for one placement of this decision is not repeated in its others in the same request."
          error={errors.allowDuplicates}
          onChange={(allowDuplicates) => model.update({ allowDuplicates })}
        />

        <h2>Placements</h2>
        {model.placements.value.length === 0 && (
          <Notice kind="info">
            This sandbox has no placements yet. <a href={paths.placements}>Create one</a> first.
          </Notice>
        )}
        {errors.placements && <p class="field-error">{errors.placements}</p>}
        {entries.map((entry, index) => (
          <EntryFieldset
            key={entry.key}
            entry={entry}
            index={index}
            canRemove={entries.length > 1}
            placements={model.placements.value}
            taken={new Set(entries.filter((e) => e.key !== entry.key).map((e) => e.placement))}
            offers={model.offers.value}
            collections={model.collections.value}
            audiences={model.audiences.value}
            audiencesError={model.audiencesError.value}
            errors={errors}
            onChange={(patch) => model.updateEntry(entry.key, patch)}
            onRemove={() => model.removeEntry(entry.key)}
            onCriterion={(key, patch) => model.updateCriterion(entry.key, key, patch)}
            onAddCriterion={() => model.addCriterion(entry.key)}
            onRemoveCriterion={(key) => model.removeCriterion(entry.key, key)}
            onMoveCriterion={(key, delta) => move(entry.key, key, delta)}
          />
        ))}
        {entries.length < Math.min(MAX_PLACEMENTS, model.placements.value.length) && (
          <button type="button" class="button" data-testid="add-entry" onClick={() => model.addEntry()}>
            Add placement
          </button>
        )}
        <p class="visually-hidden" role="status" aria-live="polite">
          {model.announcement.value}
        </p>

        <p class="actions">
          <button type="submit" class="button primary" data-testid="save-decision" disabled={model.saving.value}>
            {model.saving.value ? "Saving…" : "Save decision"}
          </button>
          <a class="button subtle" href={paths.decisions}>
            Cancel
          </a>
          {saved && (
            <ConfirmButton label="Delete decision" confirmLabel="Yes, delete" ariaLabel={`Delete the decision ${saved.name}`} testId="delete-decision" confirmTestId="confirm-delete-decision" onConfirm={() => void remove()} />
          )}
          {saved && model.dirty.value && <span class="unsaved" data-testid="unsaved">Unsaved changes</span>}
        </p>
        {model.deleteError.value && (
          <Notice kind="error" testId="decision-delete-error">
            {model.deleteError.value}
          </Notice>
        )}
      </form>
      {saved ? (
        <SimulatorPanel model={model} />
      ) : (
        <p class="hint simulator-later">Save the decision to try it with the simulator: who would see what, and why.</p>
      )}
    </>
  );
}
