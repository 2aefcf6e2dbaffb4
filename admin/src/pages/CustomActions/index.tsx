// Custom actions page (/admin/custom-actions): the HTTP calls journeys make with a webhook step —
// method, URL template, headers, JSON body template, timeout, expected statuses and named
// secrets that header values read as {{ secrets.<name> }}.
import { useSignalEffect } from "@preact/signals";
import { useState } from "preact/hooks";
import { ConfirmButton } from "../../components/ConfirmButton";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { SecretField } from "../../components/SecretField";
import { SelectField, TextAreaField, TextField } from "../../components/fields";
import { createCustomAction, deleteCustomAction, listCustomActions, replaceCustomAction } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { type FieldSpec, type SecretField as SecretState, buildConfig, fieldText, secretFields, secretsPayload } from "../../lib/channel-forms";
import { session } from "../../lib/session";
import type { CustomAction, CustomActionInput } from "../../lib/types";

const METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE"];
const FIELDS: FieldSpec[] = [
  { name: "url", label: "URL", type: "template", required: true },
  { name: "headers", label: "Headers (JSON object)", type: "json" },
  { name: "body", label: "Body (JSON template)", type: "template" },
  { name: "timeoutMs", label: "Timeout (ms)", type: "number" },
  { name: "expectedStatuses", label: "Expected statuses", type: "statuses" },
  { name: "idempotencyHeader", label: "Idempotency header", type: "text" },
];
const HINTS: Record<string, string> = {
  url: "https; tokens such as {{ profile.id }} only after the host.",
  headers: 'Values may read secrets: { "Authorization": "Bearer {{ secrets.token }}" }.',
  body: "Reads profile, journey and delivery; must render to JSON. None for GET.",
  timeoutMs: "100 to 30000; 5000 when empty.",
  expectedStatuses: "Codes or classes separated by commas; 2xx when empty.",
  idempotencyHeader: "Carries the delivery id; Idempotency-Key when empty.",
};

export default function CustomActions() {
  const [sandbox, setSandbox] = useState(session.sandbox.peek());
  const [items, setItems] = useState<CustomAction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  async function load(sb = sandbox) {
    try {
      setItems(await listCustomActions(sb));
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }
  useSignalEffect(() => {
    const sb = session.sandbox.value;
    setSandbox(sb);
    setEditing(null);
    void load(sb);
  });

  async function remove(a: CustomAction) {
    setNote(null);
    try {
      await deleteCustomAction(sandbox, a.id);
      setNote(`Custom action ${a.name} deleted.`);
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  }
  const done = (msg: string | null) => {
    setEditing(null);
    if (msg) {
      setNote(msg);
      void load();
    }
  };

  const edited = items?.find((a) => a.id === editing) ?? null;
  return (
    <section>
      <div class="page-head">
        <h1>Custom actions</h1>
        <button type="button" class="button primary" data-testid="new-custom-action" onClick={() => setEditing("new")}>
          New custom action
        </button>
      </div>
      <p class="lead">
        HTTP calls journeys make with a webhook step, <code>{'{ "kind": "webhook", "action": "<id>" }'}</code>: tell a CRM, open a ticket. Failed calls are retried as messages are.
      </p>
      {note && <Notice kind="ok">{note}</Notice>}
      {error && <Notice kind="error" testId="custom-action-error">{error}</Notice>}
      {editing === "new" && <ActionForm sandbox={sandbox} action={null} onDone={done} />}
      {items === null && !error ? (
        <p class="muted">Loading…</p>
      ) : items?.length === 0 ? (
        <p>No custom actions yet.</p>
      ) : (
        items && (
          <div class="table-wrap">
            <table data-testid="custom-actions-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Call</th>
                  <th scope="col">Secrets</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} data-testid={`custom-action-row-${a.id}`}>
                    <th scope="row">
                      {a.name}
                      <span class="muted id">{a.id}</span>
                    </th>
                    <td>
                      <code>
                        {a.method} {a.url}
                      </code>
                    </td>
                    <td class="secret-state">{Object.keys(a.secrets ?? {}).join(", ") || "—"}</td>
                    <td class="nowrap">
                      <button type="button" class="button subtle" onClick={() => setEditing(a.id)}>
                        Edit
                      </button>
                      <ConfirmButton label="Delete" confirmLabel="Yes, delete" ariaLabel={`Delete the custom action ${a.name}`} testId="delete-custom-action" confirmTestId="confirm-delete-custom-action" onConfirm={() => void remove(a)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      {edited && <ActionForm key={edited.id} sandbox={sandbox} action={edited} onDone={done} />}
    </section>
  );
}

function ActionForm({ sandbox, action, onDone }: { sandbox: string; action: CustomAction | null; onDone: (msg: string | null) => void }) {
  const [name, setName] = useState(action?.name ?? "");
  const [id, setId] = useState(action?.id ?? "");
  const [method, setMethod] = useState<string>(action?.method ?? "POST");
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.name, fieldText(f, action?.[f.name as keyof CustomAction])])));
  const [secrets, setSecrets] = useState<Record<string, SecretState>>(() => secretFields(Object.keys(action?.secrets ?? {}), action));
  const [newSecret, setNewSecret] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setFormError(null);
    const built = buildConfig(FIELDS, texts, "");
    setErrors(built.errors);
    if (Object.keys(built.errors).length) return setFormError("Some fields need fixing.");
    const sent = secretsPayload(secrets);
    const input = { name: name.trim(), method, ...built.value, ...(sent ? { secrets: sent } : {}) } as unknown as CustomActionInput;
    setSaving(true);
    try {
      const saved = action ? await replaceCustomAction(sandbox, action.id, input) : await createCustomAction(sandbox, { ...input, ...(id.trim() ? { id: id.trim() } : {}) });
      onDone(`Custom action ${saved.name} saved.`);
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(fieldErrors);
      setFormError(Object.keys(fieldErrors).length ? `${messageOf(err)}. Fix the fields marked below.` : messageOf(err));
    } finally {
      setSaving(false);
    }
  }

  function addSecret() {
    const n = newSecret.trim();
    if (!n || secrets[n]) return;
    setSecrets((s) => ({ ...s, [n]: { stored: false, last4: null, typed: "", remove: false } }));
    setNewSecret("");
  }

  return (
    <form class="form card" noValidate onSubmit={submit} data-testid="custom-action-form">
      <h2>{action ? `Edit ${action.name}` : "New custom action"}</h2>
      {formError && (
        <Notice kind="error" testId="custom-action-form-error">
          {formError}
        </Notice>
      )}
      <div class="grid-2">
        <TextField id="action-name" label="Name" value={name} error={errors.name} onInput={setName} />
        <IdField id="action-id" label="Action id" value={id} fixed={Boolean(action)} error={errors.id} onInput={setId} />
      </div>
      <SelectField id="action-method" label="Method" value={method} options={METHODS} error={errors.method} onChange={setMethod} />
      {FIELDS.map((f) => {
        // The API names a header's problem at `headers.<name>`.
        const headerEntry = f.name === "headers" ? Object.entries(errors).find(([p]) => p.startsWith("headers.")) : undefined;
        const headerError = headerEntry ? `${headerEntry[0].slice("headers.".length)}: ${headerEntry[1]}` : undefined;
        const common = { id: `action-${f.name}`, label: f.required ? f.label : `${f.label} (optional)`, error: errors[f.name] ?? headerError, hint: HINTS[f.name], value: texts[f.name] ?? "" };
        const set = (v: string) => setTexts((t) => ({ ...t, [f.name]: v }));
        return f.type === "json" || f.name === "body" ? <TextAreaField key={f.name} {...common} code rows={4} onInput={set} /> : <TextField key={f.name} {...common} onInput={set} />;
      })}
      <fieldset class="secrets">
        <legend>Secrets</legend>
        <p class="hint">Read by header values as <code>{"{{ secrets.<name> }}"}</code>; sealed when stored and never shown again.</p>
        {Object.entries(secrets).map(([n, state]) => (
          <SecretField key={n} id={`action-secret-${n}`} label={n} state={state} error={errors[`secrets.${n}`]} onChange={(next) => setSecrets((s) => ({ ...s, [n]: next }))} />
        ))}
        <div class="grid-2">
          <TextField id="action-new-secret" label="Add a secret named" value={newSecret} error={errors.secrets} onInput={setNewSecret} />
          <p class="actions">
            <button type="button" class="button" onClick={addSecret}>
              Add secret
            </button>
          </p>
        </div>
      </fieldset>
      <p class="actions">
        <button type="submit" class="button primary" data-testid="save-custom-action" disabled={saving}>
          {saving ? "Saving…" : "Save custom action"}
        </button>
        <button type="button" class="button subtle" onClick={() => onDone(null)}>
          Cancel
        </button>
      </p>
    </form>
  );
}
