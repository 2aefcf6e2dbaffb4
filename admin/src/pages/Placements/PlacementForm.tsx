// Adds a placement: a named slot on a page or screen that offers can fill.
import { Notice } from "../../components/Notice";
import { SelectField, TextField } from "../../components/fields";
import { CHANNELS, type Channel, FORMATS, type Format } from "../../lib/types";
import type { PlacementDraft } from "./model";

type Props = {
  draft: PlacementDraft;
  errors: Record<string, string>;
  formError: string | null;
  saving: boolean;
  onChange: (patch: Partial<PlacementDraft>) => void;
  onSubmit: () => void;
};

export function PlacementForm({ draft, errors, formError, saving, onChange, onSubmit }: Props) {
  return (
    <form
      class="form"
      noValidate
      data-testid="placement-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {formError && <Notice kind="error">{formError}</Notice>}
      <div class="grid-2">
        <TextField id="placement-id" label="Placement id" value={draft.id} hint="Lower-case letters, digits, - and _, e.g. hero." error={errors.id} onInput={(id) => onChange({ id })} />
        <TextField id="placement-name" label="Placement name" value={draft.name} error={errors.name} onInput={(name) => onChange({ name })} />
        <SelectField id="placement-channel" label="Channel" value={draft.channel} options={CHANNELS} error={errors.channel} onChange={(v) => onChange({ channel: v as Channel })} />
        <SelectField id="placement-format" label="Default format" value={draft.format} options={FORMATS} error={errors.format} onChange={(v) => onChange({ format: v as Format })} />
        <TextField id="placement-selector" label="CSS selector" value={draft.selector} hint="Where the web SDK renders it, e.g. #hero. Optional." error={errors.selector} onInput={(selector) => onChange({ selector })} />
      </div>
      <p class="actions">
        <button type="submit" class="button primary" data-testid="create-placement" disabled={saving}>
          Add placement
        </button>
      </p>
    </form>
  );
}
