// One schema's editor: the JSON text (the source of truth), the structured helper that edits it,
// a description, and the server's messages per path inside the schema after a failed save.
import { useModel } from "@preact/signals";
import { useState } from "preact/hooks";
import { Notice } from "../../components/Notice";
import { TextAreaField, TextField } from "../../components/fields";
import type { EventSchema, ProfileSchema } from "../../lib/types";
import { type EditorInit, SchemaEditorModel } from "./editor";
import { PropertyHelper } from "./PropertyHelper";

type Props = {
  init: EditorInit;
  sandbox: string;
  onSaved: (saved: ProfileSchema | EventSchema) => void;
  /** Removes the stored schema; absent when there is none yet. */
  onDelete?: () => Promise<void>;
  onCancel?: () => void;
};

export function SchemaEditor({ init, sandbox, onSaved, onDelete, onCancel }: Props) {
  const model = useModel(() => new SchemaEditorModel(init));
  const [confirming, setConfirming] = useState(false);
  const isProfile = init.target.kind === "profile";
  const idPrefix = isProfile ? "profile-schema" : "event-schema";
  const isNewEvent = init.target.kind === "event" && init.target.type === null;
  const parsed = model.parsed.value;
  const issues = model.issues.value;
  const fieldErrors = model.fieldErrors.value;
  const rootIssue = issues.find((i) => i.path === "(root)")?.message;

  async function submit(event: Event) {
    event.preventDefault();
    const saved = await model.save(sandbox);
    if (saved) onSaved(saved);
  }

  return (
    <form class="form schema-editor" noValidate onSubmit={submit} data-testid={`${idPrefix}-form`} aria-label={isProfile ? "Profile schema editor" : "Event schema editor"}>
      {model.formError.value && (
        <Notice kind="error" testId={`${idPrefix}-errors`}>
          <p>{model.formError.value}</p>
          {issues.length > 0 && (
            <ul data-testid={`${idPrefix}-issues`}>
              {issues.map((i) => (
                <li key={`${i.path}:${i.message}`} data-testid="schema-issue" data-path={i.path}>
                  <code>{i.path}</code>: {i.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}

      {init.target.kind === "event" && (
        <TextField
          id={`${idPrefix}-type`}
          label="Event type"
          value={model.type.value}
          readOnly={!isNewEvent}
          hint={isNewEvent ? "As your events send it, e.g. order.placed. Start with a letter; then letters, digits and . _ : -" : "The type cannot change; add a new event type instead."}
          error={fieldErrors.type}
          onInput={(v) => (model.type.value = v)}
        />
      )}
      <TextField id={`${idPrefix}-description`} label="Description" value={model.description.value} hint="Optional, for the people reading this later." error={fieldErrors.description} onInput={(v) => (model.description.value = v)} />

      <TextAreaField
        id={`${idPrefix}-json`}
        label="JSON Schema"
        code
        rows={14}
        value={model.text.value}
        hint={
          <>
            The supported subset: type, properties, required, additionalProperties, enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern,
            format (email, date-time, date, uri, uuid), items, minItems, maxItems, title, description, default.
          </>
        }
        error={!parsed.ok ? parsed.message : rootIssue}
        onInput={model.setText}
      />
      <p class="actions tight">
        <button type="button" class="button subtle" data-testid={`${idPrefix}-format`} onClick={() => model.reformat()} disabled={!parsed.ok}>
          Format JSON
        </button>
      </p>

      <PropertyHelper model={model} idPrefix={idPrefix} />

      <p class="actions">
        <button type="submit" class="button primary" data-testid={`${idPrefix}-save`} disabled={model.saving.value}>
          {model.saving.value ? "Saving…" : "Save schema"}
        </button>
        {onCancel && (
          <button type="button" class="button subtle" data-testid={`${idPrefix}-cancel`} onClick={onCancel}>
            Cancel
          </button>
        )}
        {onDelete &&
          (confirming ? (
            <>
              <button type="button" class="button danger" data-testid={`${idPrefix}-confirm-delete`} onClick={() => void onDelete().finally(() => setConfirming(false))}>
                Yes, remove this schema
              </button>
              <button type="button" class="button subtle" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" class="button" data-testid={`${idPrefix}-delete`} onClick={() => setConfirming(true)}>
              Remove schema
            </button>
          ))}
      </p>
    </form>
  );
}
