// Exact lookup by one identity: the namespace (built-in or the sandbox's own) and the value.
import { Notice } from "../../components/Notice";
import { SelectField, TextField } from "../../components/fields";
import type { ProfileLookupState } from "./model";

const PLACEHOLDERS: Record<string, string> = {
  pcid: "e.g. 3q2-7wEjRIqW0XzKk4k1Qw",
  email: "e.g. ada@example.com",
  phone: "e.g. +33 6 12 34 56 78",
};

const HINTS: Record<string, string> = {
  pcid: "The device id in the visitor's pcid cookie.",
  email: "Case and spaces do not matter.",
  phone: "In international form, with the country code.",
};

type Props = { model: ProfileLookupState; sandbox: string; onSubmit: () => void };

export function LookupForm({ model, sandbox, onSubmit }: Props) {
  const ns = model.ns.value;
  const errors = model.errors.value;
  const missing = model.notFound.value;
  return (
    <form
      class="card finder"
      noValidate
      role="search"
      aria-labelledby="lookup-heading"
      data-testid="profile-lookup-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 id="lookup-heading">Look up by identity</h2>
      <div class="lookup-row">
        <SelectField id="profile-ns" label="Namespace" value={ns} options={model.options.value} error={errors.ns} onChange={(v) => (model.ns.value = v)} />
        <TextField id="profile-value" label="Identity value" value={model.value.value} placeholder={PLACEHOLDERS[ns]} hint={HINTS[ns]} error={errors.value} onInput={(v) => (model.value.value = v)} />
        <button type="submit" class="button primary" data-testid="profile-lookup" disabled={model.loading.value}>
          Look up
        </button>
      </div>
      {model.loading.value && <p class="muted">Looking up…</p>}
      {missing && (
        <Notice kind="info" testId="profile-not-found">
          No profile in sandbox {sandbox} has {missing.ns} <code>{missing.value}</code>.
        </Notice>
      )}
      {model.error.value && <Notice kind="error">Lookup failed: {model.error.value}</Notice>}
    </form>
  );
}
