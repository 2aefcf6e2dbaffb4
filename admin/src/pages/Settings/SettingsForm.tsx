// The sandbox settings: time zone, merge policy, schema mode and how long anonymous profiles live.
import { Notice } from "../../components/Notice";
import { SelectField, TextField } from "../../components/fields";
import { MERGE_POLICIES, SCHEMA_MODES, type SandboxSettings } from "../../lib/types";
import type { SettingsState } from "./model";


/** IANA zones the browser knows, as suggestions; the server has the last word. */
function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

export function SettingsForm({ model, onSubmit }: { model: SettingsState; onSubmit: () => void }) {
  const draft = model.draft.value;
  if (!draft) return null;
  const errors = model.errors.value;
  return (
    <form
      class="form"
      noValidate
      data-testid="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {model.formError.value && <Notice kind="error">{model.formError.value}</Notice>}
      {model.saved.value && (
        <Notice kind="ok" testId="settings-status">
          Settings saved. Publish to apply them at the edge.
        </Notice>
      )}
      <div class="grid-2">
        <TextField
          id="settings-time-zone"
          label="Time zone"
          value={draft.timeZone}
          list="settings-time-zones"
          hint="The sandbox's local time: an IANA name such as Europe/Paris or UTC."
          error={errors.timeZone}
          onInput={(timeZone) => model.update({ timeZone })}
        />
        <datalist id="settings-time-zones">
          {timeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <TextField
          id="settings-anonymous-ttl"
          label="Anonymous profiles expire after (days)"
          type="number"
          value={draft.anonymousTtlDays}
          hint="From 1 to 400 days without activity."
          error={errors.anonymousTtlDays}
          onInput={(anonymousTtlDays) => model.update({ anonymousTtlDays })}
        />
        <SelectField
          id="settings-merge-policy"
          label="Merge policy"
          value={draft.mergePolicy}
          options={MERGE_POLICIES}
          hint="When a device profile joins a known one at login: last-write keeps the newest value of each attribute; known-wins keeps the known profile's values."
          error={errors.mergePolicy}
          onChange={(v) => model.update({ mergePolicy: v as SandboxSettings["mergePolicy"] })}
        />
        <SelectField
          id="settings-schema-mode"
          label="Schema mode"
          value={draft.schemaMode}
          options={SCHEMA_MODES}
          hint="lenient keeps fields the schemas do not list and flags them; strict rejects them, and rejects event types without a schema."
          error={errors.schemaMode}
          onChange={(v) => model.update({ schemaMode: v as SandboxSettings["schemaMode"] })}
        />
      </div>
      <p class="actions">
        <button type="submit" class="button primary" data-testid="save-settings" disabled={model.saving.value}>
          {model.saving.value ? "Saving…" : "Save settings"}
        </button>
      </p>
    </form>
  );
}
