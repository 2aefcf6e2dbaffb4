// The offer form, for a new offer (no id) or an existing one (PUT replaces it whole).
import { useModel, useSignalEffect } from "@preact/signals";
import { useLocation } from "preact-iso";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../../components/fields";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { OFFER_STATUSES, type OfferStatus } from "../../lib/types";
import { AttributesEditor } from "./AttributesEditor";
import { CapsEditor } from "./CapsEditor";
import { EligibilityFields } from "./EligibilityFields";
import { ErrorSummary } from "./ErrorSummary";
import { OfferFormModel } from "./model";
import { readSampleProfile } from "./preview";
import { RepresentationFieldset } from "./RepresentationFieldset";

export function OfferForm({ id }: { id?: string }) {
  const model = useModel(OfferFormModel);
  const { route } = useLocation();
  const sandbox = session.sandbox.peek();

  useSignalEffect(() => {
    // The offer belongs to the sandbox it was opened in; switching sandbox leaves the form.
    if (session.sandbox.value !== sandbox) route(paths.home);
  });
  useSignalEffect(() => {
    void model.load(sandbox, id);
  });

  if (model.loading.value) return <p class="muted">Loading…</p>;
  if (model.loadError.value) return <Notice kind="error">Could not open the form: {model.loadError.value}</Notice>;

  const draft = model.draft.value;
  const errors = model.errors.value;
  const placements = model.placements.value;
  const reps = draft.representations;
  const sample = readSampleProfile(model.sampleProfile.value);
  /** What saving a fallback offer drops, since the API refuses caps and eligibility for it. */
  const dropped = draft.fallback ? [draft.caps.length ? `its ${draft.caps.length === 1 ? "cap" : `${draft.caps.length} caps`}` : "", draft.who !== "everyone" ? "who can see it" : ""].filter(Boolean) : [];

  async function submit(event: Event) {
    event.preventDefault();
    const saved = await model.save(sandbox);
    if (saved) route(`${paths.home}?saved=${encodeURIComponent(saved.id)}`);
  }

  return (
    <form class="form" onSubmit={submit} noValidate data-testid="offer-form">
      {model.formError.value && <ErrorSummary message={model.formError.value} errors={errors} />}

      <div class="grid-2">
        <TextField id="offer-name" label="Name" value={draft.name} error={errors.name} onInput={(name) => model.update({ name })} />
        <IdField id="offer-id" label="Offer id" value={draft.id} fixed={Boolean(id)} error={errors.id} onInput={(v) => model.update({ id: v })} />
        <SelectField id="offer-status" label="Status" value={draft.status} options={OFFER_STATUSES} hint="Only approved offers are published." error={errors.status} onChange={(v) => model.update({ status: v as OfferStatus })} />
        <TextField id="offer-priority" label="Priority" type="number" value={draft.priority} hint="Higher wins when several offers qualify." error={errors.priority} onInput={(priority) => model.update({ priority })} />
        <TextField id="offer-tags" label="Tags" value={draft.tags} hint="Comma-separated, for example: seasonal, spring" error={errors.tags} onInput={(tags) => model.update({ tags })} />
        <CheckboxField id="offer-fallback" label="Fallback offer" checked={draft.fallback} hint="Shown in a placement when no other offer qualifies." error={errors.fallback} onChange={(fallback) => model.update({ fallback })} />
      </div>

      {draft.fallback ? (
        <Notice kind="info" testId="fallback-note">
          A fallback offer is for everyone, every time no other offer qualifies: it has no caps and no eligibility.
          {dropped.length > 0 && ` Saving removes ${dropped.join(" and ")}.`}
        </Notice>
      ) : (
        <EligibilityFields
          draft={draft}
          audiences={model.audiences.value}
          audiencesError={model.audiencesError.value}
          hasRule={Boolean(model.original.value?.eligibility && "rule" in model.original.value.eligibility)}
          errors={errors}
          onChange={(patch) => model.update(patch)}
        />
      )}

      <h2>Representations</h2>
      {placements.length === 0 && (
        <Notice kind="info">
          This sandbox has no placements yet. <a href={paths.placements}>Create one</a> first.
        </Notice>
      )}
      {errors.representations && <p class="field-error">{errors.representations}</p>}
      <TextAreaField
        id="offer-sample-profile"
        label="Sample profile for the previews (JSON)"
        code
        rows={2}
        value={model.sampleProfile.value}
        hint={
          <>
            Fills <code>{"{{ profile.firstName }}"}</code> and <code>{'{{ profile.firstName | default: "there" }}'}</code> in the previews, in this browser only and escaped for the format. The
            edge renders the full template language (<code>{"{% if %}"}</code>, filters, <code>context</code>, <code>offer</code>) for each visitor. Not saved with the offer.
          </>
        }
        error={sample.ok ? undefined : sample.message}
        onInput={(v) => (model.sampleProfile.value = v)}
      />
      {reps.map((rep, index) => (
        <RepresentationFieldset
          key={rep.key}
          rep={rep}
          index={index}
          placements={placements}
          taken={new Set(reps.filter((r) => r.key !== rep.key).map((r) => r.placement))}
          errors={errors}
          canRemove={reps.length > 1}
          sample={sample}
          onChange={(patch) => model.updateRep(rep.key, patch)}
          onRemove={() => model.removeRep(rep.key)}
        />
      ))}
      {reps.length < placements.length && (
        <button type="button" class="button" data-testid="add-representation" onClick={() => model.addRep()}>
          Add representation
        </button>
      )}

      {!draft.fallback && <CapsEditor caps={draft.caps} errors={errors} onAdd={model.addCap} onChange={model.updateCap} onRemove={model.removeCap} />}
      <AttributesEditor rows={draft.attributes} errors={errors} onAdd={model.addAttr} onChange={model.updateAttr} onRemove={model.removeAttr} />

      <p class="actions">
        <button type="submit" class="button primary" data-testid="save-offer" disabled={model.saving.value}>
          {model.saving.value ? "Saving…" : "Save offer"}
        </button>
        <a class="button subtle" href={paths.home}>
          Cancel
        </a>
      </p>
    </form>
  );
}
