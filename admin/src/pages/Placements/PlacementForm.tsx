// Adds a placement (a named slot on a page or screen that offers can fill), or edits one: the id
// is fixed once created.
import { Notice } from "../../components/Notice";
import { SelectField, TextField } from "../../components/fields";
import { CHANNELS, type Channel, FORMATS, type Format, RENDER_ACTIONS, type RenderAction } from "../../lib/types";
import type { PlacementDraft } from "./draft";

const ACTION_OPTIONS = [
  { value: "", label: "Follow the offer's format" },
  ...RENDER_ACTIONS.map((a) => ({ value: a, label: { html: "html: insert the markup", text: "text: set the text", image: "image: show an <img>", attribute: "attribute: set an attribute of the element", json: "json: leave it to your code" }[a] })),
];

type Props = {
  draft: PlacementDraft;
  /** True when editing an existing placement. */
  editing: boolean;
  errors: Record<string, string>;
  formError: string | null;
  saving: boolean;
  onChange: (patch: Partial<PlacementDraft>) => void;
  onSubmit: () => void;
  onCancel: () => void;
};

export function PlacementForm({ draft, editing, errors, formError, saving, onChange, onSubmit, onCancel }: Props) {
  return (
    <form
      class="form"
      noValidate
      data-testid="placement-form"
      aria-labelledby="placement-form-heading"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {formError && <Notice kind="error">{formError}</Notice>}
      <div class="grid-2">
        <TextField
          id="placement-id"
          label="Placement id"
          value={draft.id}
          readOnly={editing}
          hint={editing ? "The id cannot change once created." : "Lower-case letters, digits, - and _, e.g. hero."}
          error={errors.id}
          onInput={(id) => onChange({ id })}
        />
        <TextField id="placement-name" label="Placement name" value={draft.name} error={errors.name} onInput={(name) => onChange({ name })} />
        <SelectField id="placement-channel" label="Channel" value={draft.channel} options={CHANNELS} error={errors.channel} onChange={(v) => onChange({ channel: v as Channel })} />
        <SelectField id="placement-format" label="Default format" value={draft.format} options={FORMATS} error={errors.format} onChange={(v) => onChange({ format: v as Format })} />
        <TextField id="placement-selector" label="CSS selector" value={draft.selector} hint="Where the web SDK renders it without being told, e.g. #hero. Optional." error={errors.selector} onInput={(selector) => onChange({ selector })} />
        <SelectField
          id="placement-action"
          label="Render action"
          value={draft.action}
          options={ACTION_OPTIONS}
          hint="How the web SDK renders into the selector."
          error={errors.action}
          onChange={(v) => onChange({ action: v as RenderAction | "" })}
        />
      </div>
      <p class="actions">
        <button type="submit" class="button primary" data-testid={editing ? "save-placement" : "create-placement"} disabled={saving}>
          {editing ? "Save placement" : "Add placement"}
        </button>
        {editing && (
          <button type="button" class="button subtle" onClick={onCancel}>
            Cancel
          </button>
        )}
      </p>
    </form>
  );
}
