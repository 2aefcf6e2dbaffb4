// The audience form, for a new audience (no id) or an existing one (PUT replaces it whole).
import { useModel, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ConfirmButton } from "../../components/ConfirmButton";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { TextAreaField, TextField } from "../../components/fields";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { AudienceEditModel } from "./model";
import { RuleSection } from "./RuleSection";
import { TestPanel } from "./TestPanel";

export function AudienceForm({ id }: { id?: string }) {
  const sandbox = session.sandbox.peek();
  const model = useModel(() => new AudienceEditModel(sandbox, id));
  const { route } = useLocation();

  useSignalEffect(() => {
    // The audience belongs to the sandbox it was opened in; switching sandbox leaves the form.
    if (session.sandbox.value !== sandbox) route(paths.audiences);
  });
  useEffect(() => {
    void model.load();
  }, []);

  if (model.loading.value) return <p class="muted">Loading…</p>;
  if (model.loadError.value) return <Notice kind="error">Could not open the audience: {model.loadError.value}</Notice>;

  const fields = model.fields.value;
  const errors = model.errors.value;
  const saved = model.original.value;
  const deleteError = model.deleteError.value;

  async function submit(event: Event) {
    event.preventDefault();
    const audience = await model.save();
    if (audience) route(`${paths.audiences}?saved=${encodeURIComponent(audience.id)}`);
  }

  async function remove() {
    if (await model.remove()) route(`${paths.audiences}?deleted=${encodeURIComponent(id ?? "")}`);
  }

  return (
    <>
      <form class="form audience-form" onSubmit={submit} noValidate data-testid="audience-form">
        {model.formError.value && (
          <Notice kind="error" testId="audience-form-error">
            {model.formError.value}
          </Notice>
        )}
        <div class="grid-2">
          <TextField id="audience-name" label="Name" value={fields.name} error={errors.name} onInput={(name) => model.update({ name })} />
          <IdField id="audience-id" label="Audience id" value={fields.id} fixed={Boolean(saved)} error={errors.id} onInput={(v) => model.update({ id: v })} />
        </div>
        <TextAreaField id="audience-description" label="Description" rows={2} value={fields.description} hint="Optional: who this is, for the people using it later." error={errors.description} onInput={(description) => model.update({ description })} />

        {model.isListAudience.value ? (
          <Notice kind="info" testId="list-audience">
            This audience's members come from an uploaded list of identities, not from a rule.
          </Notice>
        ) : (
          <RuleSection model={model} />
        )}

        <p class="actions">
          <button type="submit" class="button primary" data-testid="save-audience" disabled={model.saving.value}>
            {model.saving.value ? "Saving…" : "Save audience"}
          </button>
          <a class="button subtle" href={paths.audiences}>
            Cancel
          </a>
          {saved && (
            <>
              <button type="button" class="button" data-testid="download-members" onClick={() => void model.downloadCsv()}>
                Download members (CSV)
              </button>
              <ConfirmButton label="Delete audience" confirmLabel="Yes, delete" ariaLabel={`Delete the audience ${saved.name}`} testId="delete-audience" confirmTestId="confirm-delete-audience" onConfirm={() => void remove()} />
            </>
          )}
        </p>
        {model.downloadError.value && <Notice kind="error">Could not download the members: {model.downloadError.value}</Notice>}
        {deleteError && (
          <Notice kind="error" testId="delete-error">
            <p>{deleteError.message}</p>
            {deleteError.uses.length > 0 && (
              <ul>
                {deleteError.uses.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            )}
          </Notice>
        )}
      </form>
      {!model.isListAudience.value && <TestPanel tester={model.tester} currentKey={model.rule.currentKey.value} />}
    </>
  );
}
