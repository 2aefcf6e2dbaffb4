// The collection form, for a new collection (no id) or an existing one (PUT replaces it), with
// the offers its tags select now beside it.
import { useModel, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ConfirmButton } from "../../components/ConfirmButton";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { StatusBadge } from "../../components/StatusBadge";
import { TagChips } from "../../components/TagChips";
import { SelectField, TextField } from "../../components/fields";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { CollectionEditModel } from "./model";
import type { Match } from "./tags";
import { selectionSummary } from "./tags";

const MATCH_OPTIONS = [
  { value: "any", label: "Any of the tags" },
  { value: "all", label: "All of the tags" },
];

export function CollectionForm({ id }: { id?: string }) {
  const sandbox = session.sandbox.peek();
  const model = useModel(() => new CollectionEditModel(sandbox, id));
  const { route } = useLocation();

  useSignalEffect(() => {
    // The collection belongs to the sandbox it was opened in; switching sandbox leaves the form.
    if (session.sandbox.value !== sandbox) route(paths.collections);
  });
  useEffect(() => {
    void model.load();
  }, []);

  if (model.loading.value) return <p class="muted">Loading…</p>;
  if (model.loadError.value) return <Notice kind="error">Could not open the collection: {model.loadError.value}</Notice>;

  const fields = model.fields.value;
  const errors = model.errors.value;
  const saved = model.original.value;
  const selected = model.selected.value;
  const deleteError = model.deleteError.value;
  const tagError = errors.tags ?? Object.entries(errors).find(([path]) => path.startsWith("tags."))?.[1];

  async function submit(event: Event) {
    event.preventDefault();
    const collection = await model.save();
    if (collection) route(`${paths.collections}?saved=${encodeURIComponent(collection.id)}`);
  }

  async function remove() {
    if (await model.remove()) route(`${paths.collections}?deleted=${encodeURIComponent(id ?? "")}`);
  }

  return (
    <div class="editor-split">
      <form class="form" onSubmit={submit} noValidate data-testid="collection-form">
        {model.formError.value && (
          <Notice kind="error" testId="collection-form-error">
            {model.formError.value}
          </Notice>
        )}
        <div class="grid-2">
          <TextField id="collection-name" label="Name" value={fields.name} error={errors.name} onInput={(name) => model.update({ name })} />
          <IdField id="collection-id" label="Collection id" value={fields.id} fixed={Boolean(saved)} error={errors.id} onInput={(v) => model.update({ id: v })} />
        </div>
        <SelectField
          id="collection-match"
          label="Offers with"
          value={fields.match}
          options={MATCH_OPTIONS}
          hint="Any: an offer needs one of the tags. All: it needs every one of them."
          error={errors.match}
          onChange={(v) => model.update({ match: v as Match })}
        />
        <TagChips
          id="collection-tags"
          label="Tags"
          tags={fields.tags}
          suggestions={model.suggestions.value}
          hint="The tags given to offers in their form. At least one."
          error={tagError}
          onAdd={model.addTag}
          onRemove={model.dropTag}
        />
        <p class="actions">
          <button type="submit" class="button primary" data-testid="save-collection" disabled={model.saving.value}>
            {model.saving.value ? "Saving…" : "Save collection"}
          </button>
          <a class="button subtle" href={paths.collections}>
            Cancel
          </a>
          {saved && (
            <ConfirmButton
              label="Delete collection"
              confirmLabel="Yes, delete"
              ariaLabel={`Delete the collection ${saved.name}`}
              testId="delete-collection"
              confirmTestId="confirm-delete-collection"
              onConfirm={() => void remove()}
            />
          )}
        </p>
        {deleteError && (
          <Notice kind="error" testId="collection-delete-error">
            <p>
              {deleteError.inUse ? <strong>Still in use. </strong> : null}
              {deleteError.message}.
            </p>
            {deleteError.advice.map((a) => (
              <p key={a}>
                {a}: <a href={paths.decisions}>open the decisions</a>.
              </p>
            ))}
          </Notice>
        )}
      </form>

      <section class="card selection" aria-labelledby="selection-heading" data-testid="collection-offers">
        <h2 id="selection-heading">Offers it selects now</h2>
        <p class="hint" role="status" data-testid="collection-summary">
          {fields.tags.length ? selectionSummary(selected) : "Add a tag to see the offers it selects."}
        </p>
        {selected.length > 0 && (
          <ul class="plain-list selection-list">
            {selected.map((o) => (
              <li key={o.id} data-testid={`selected-offer-${o.id}`}>
                <a href={paths.offer(o.id)}>{o.name}</a> <StatusBadge status={o.status} />
                <span class="muted id">{o.tags.join(", ")}</span>
              </li>
            ))}
          </ul>
        )}
        <p class="hint">Fallback offers are never in a collection: each decision names its own fallback.</p>
      </section>
    </div>
  );
}
