// Providers page (/admin/providers): how email, SMS and push leave, per channel. Each channel has
// at most one default provider; without one its messages stay in the outbox. Secrets are typed
// in password fields and never shown again, only "set (…1234)". **Send a test** sends one message
// through a provider now and shows what it answered.
import { useSignalEffect } from "@preact/signals";
import { useState } from "preact/hooks";
import { ConfirmButton } from "../../components/ConfirmButton";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { SecretField } from "../../components/SecretField";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../../components/fields";
import { createProvider, deleteProvider, listProviders, makeDefaultProvider, replaceProvider } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { KINDS, type SecretField as SecretState, buildConfig, fieldText, kindsFor, secretFields, secretState, secretsPayload } from "../../lib/channel-forms";
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { PROVIDER_CHANNELS, type Provider, type ProviderChannel, type ProviderKind } from "../../lib/types";
import { ProviderTestSend } from "./TestSend";

export default function Providers() {
  const [sandbox, setSandbox] = useState(session.sandbox.peek());
  const [items, setItems] = useState<Provider[] | null>(null);
  const [devKey, setDevKey] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  /** The provider being edited, "new:<channel>" for a new one, or null. */
  const [editing, setEditing] = useState<string | null>(null);
  /** The provider whose test form is open, or null. */
  const [testing, setTesting] = useState<string | null>(null);

  async function load(sb = sandbox) {
    try {
      const { items, secretsKey } = await listProviders(sb);
      setItems(items);
      setDevKey(secretsKey === "development");
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }
  useSignalEffect(() => {
    const sb = session.sandbox.value;
    setSandbox(sb);
    setEditing(null);
    setTesting(null);
    void load(sb);
  });

  async function act(run: () => Promise<unknown>, done: string) {
    setNote(null);
    try {
      await run();
      setNote(done);
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const editedProvider = items?.find((p) => p.id === editing) ?? null;
  const testedProvider = items?.find((p) => p.id === testing) ?? null;
  return (
    <section>
      <h1>Providers</h1>
      <p class="lead">
        Where email, SMS and push go. Each channel sends through its <strong>default</strong> provider; a channel without one keeps its messages in the <a href={paths.outbox}>outbox</a>, so everything works
        before any provider account exists.
      </p>
      {devKey && (
        <Notice kind="info" testId="dev-key">
          Secrets are sealed with the public development key. Set <code>PROVIDER_KEY</code> (<code>wrangler secret put PROVIDER_KEY</code>) before storing real credentials.
        </Notice>
      )}
      {note && <Notice kind="ok" testId="provider-note">{note}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {items === null && !error && <p class="muted">Loading providers…</p>}
      {items &&
        PROVIDER_CHANNELS.map((channel) => {
          const mine = items.filter((p) => p.channel === channel);
          const hasDefault = mine.some((p) => p.isDefault);
          return (
            <section key={channel} aria-labelledby={`providers-${channel}`} data-testid={`providers-${channel}`}>
              <div class="page-head">
                <h2 id={`providers-${channel}`}>{channel === "sms" ? "SMS" : channel[0].toUpperCase() + channel.slice(1)}</h2>
                <button type="button" class="button" data-testid={`new-provider-${channel}`} onClick={() => setEditing(`new:${channel}`)}>
                  Add {channel} provider
                </button>
              </div>
              {!hasDefault && <p class="hint">No default: {channel} messages stay in the outbox.</p>}
              {editing === `new:${channel}` && <ProviderForm sandbox={sandbox} channel={channel} provider={null} onDone={(msg) => { setEditing(null); if (msg) void act(async () => {}, msg); }} />}
              {mine.length > 0 && (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Kind</th>
                        <th scope="col">Secrets</th>
                        <th scope="col">Updated</th>
                        <th scope="col">
                          <span class="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {mine.map((p) => (
                        <tr key={p.id} data-testid={`provider-row-${p.id}`}>
                          <th scope="row">
                            {p.name} {p.isDefault && <span class="badge badge-default" data-testid="default-badge">default</span>}
                            <span class="muted id">{p.id}</span>
                          </th>
                          <td>{KINDS[p.kind]?.label ?? p.kind}</td>
                          <td class="secret-state">
                            {KINDS[p.kind]?.secrets.length
                              ? KINDS[p.kind].secrets.map((s) => `${s.name}: ${secretState(secretFields([s.name], p)[s.name])}`).join(" · ")
                              : "—"}
                          </td>
                          <td class="nowrap">{formatDateTime(p.updatedAt)}</td>
                          <td class="nowrap">
                            <button type="button" class="button subtle" onClick={() => setEditing(p.id)}>
                              Edit
                            </button>
                            <button
                              type="button"
                              class="button subtle"
                              aria-label={`Send a test through ${p.name}`}
                              aria-expanded={testing === p.id}
                              data-testid="test-provider"
                              onClick={() => setTesting(testing === p.id ? null : p.id)}
                            >
                              Send a test
                            </button>
                            {!p.isDefault && (
                              <button type="button" class="button subtle" data-testid="make-default" onClick={() => void act(() => makeDefaultProvider(sandbox, p.id), `${p.name} is now the ${channel} default.`)}>
                                Make default
                              </button>
                            )}
                            <ConfirmButton
                              label="Delete"
                              confirmLabel="Yes, delete"
                              ariaLabel={`Delete the provider ${p.name}`}
                              testId="delete-provider"
                              confirmTestId="confirm-delete-provider"
                              onConfirm={() => void act(() => deleteProvider(sandbox, p.id), `Provider ${p.name} deleted.`)}
                            />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {testedProvider?.channel === channel && <ProviderTestSend key={testedProvider.id} sandbox={sandbox} provider={testedProvider} onClose={() => setTesting(null)} />}
              {editedProvider?.channel === channel && (
                <ProviderForm key={editedProvider.id} sandbox={sandbox} channel={channel} provider={editedProvider} onDone={(msg) => { setEditing(null); if (msg) void act(async () => {}, msg); }} />
              )}
            </section>
          );
        })}
    </section>
  );
}

type FormProps = { sandbox: string; channel: ProviderChannel; provider: Provider | null; onDone: (message: string | null) => void };

function ProviderForm({ sandbox, channel, provider, onDone }: FormProps) {
  const [kind, setKind] = useState<ProviderKind>(provider?.kind ?? "outbox");
  const [name, setName] = useState(provider?.name ?? "");
  const [id, setId] = useState(provider?.id ?? "");
  const [isDefault, setIsDefault] = useState(provider?.isDefault ?? false);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(KINDS[kind].config.map((f) => [f.name, fieldText(f, provider?.config[f.name])])));
  // Secrets belong to a kind: another kind starts with none stored.
  const [secrets, setSecrets] = useState<Record<string, SecretState>>(() => secretFields(KINDS[kind].secrets.map((s) => s.name), provider));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const spec = KINDS[kind];

  function changeKind(next: ProviderKind) {
    setKind(next);
    const same = provider?.kind === next;
    setTexts(Object.fromEntries(KINDS[next].config.map((f) => [f.name, same ? fieldText(f, provider?.config[f.name]) : ""])));
    setSecrets(secretFields(KINDS[next].secrets.map((s) => s.name), same ? provider : null));
    setErrors({});
  }

  async function submit(e: Event) {
    e.preventDefault();
    setFormError(null);
    const built = buildConfig(spec.config, texts);
    setErrors(built.errors);
    if (Object.keys(built.errors).length) return setFormError("Some fields need fixing.");
    const sent = secretsPayload(secrets);
    const input = { name: name.trim(), channel, kind, isDefault, config: built.value, ...(sent ? { secrets: sent } : {}) };
    setSaving(true);
    try {
      const saved = provider ? await replaceProvider(sandbox, provider.id, input) : await createProvider(sandbox, { ...input, ...(id.trim() ? { id: id.trim() } : {}) });
      onDone(`Provider ${saved.name} saved.`);
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(fieldErrors);
      setFormError(Object.keys(fieldErrors).length ? `${messageOf(err)}. Fix the fields marked below.` : messageOf(err));
    } finally {
      setSaving(false);
    }
  }

  const fid = (n: string) => `provider-${n}`;
  return (
    <form class="form card" noValidate onSubmit={submit} data-testid="provider-form">
      <h3>{provider ? `Edit ${provider.name}` : `New ${channel} provider`}</h3>
      {formError && (
        <Notice kind="error" testId="provider-form-error">
          {formError}
        </Notice>
      )}
      <SelectField id={fid("kind")} label="Kind" value={kind} options={kindsFor(channel).map((k) => ({ value: k, label: KINDS[k].label }))} hint={spec.about} error={errors.kind} onChange={(v) => changeKind(v as ProviderKind)} />
      <div class="grid-2">
        <TextField id={fid("name")} label="Name" value={name} error={errors.name} onInput={setName} />
        <IdField id={fid("id")} label="Provider id" value={id} fixed={Boolean(provider)} error={errors.id} onInput={setId} />
      </div>
      {errors.channel && <p class="field-error">{errors.channel}</p>}
      {spec.config.map((f) => {
        const common = { id: fid(`config-${f.name}`), label: f.required ? f.label : `${f.label} (optional)`, error: errors[`config.${f.name}`], hint: f.hint, value: texts[f.name] ?? "" };
        const set = (v: string) => setTexts((t) => ({ ...t, [f.name]: v }));
        if (f.type === "select") return <SelectField key={f.name} {...common} options={f.options!.map((o) => ({ value: o, label: o || "(default)" }))} onChange={set} />;
        if (f.type === "json" || (f.type === "template" && f.name === "body")) return <TextAreaField key={f.name} {...common} code rows={4} onInput={set} />;
        return <TextField key={f.name} {...common} placeholder={f.placeholder} onInput={set} />;
      })}
      {spec.secrets.map((s) => (
        <SecretField key={s.name} id={fid(`secret-${s.name}`)} label={s.label} hint={s.hint} state={secrets[s.name]} error={errors[`secrets.${s.name}`]} onChange={(next) => setSecrets((all) => ({ ...all, [s.name]: next }))} />
      ))}
      <CheckboxField id={fid("default")} label={`The ${channel} default`} checked={isDefault} hint="Messages of the channel go through its default; making this one the default unsets the previous one." onChange={setIsDefault} />
      <p class="actions">
        <button type="submit" class="button primary" data-testid="save-provider" disabled={saving}>
          {saving ? "Saving…" : "Save provider"}
        </button>
        <button type="button" class="button subtle" onClick={() => onDone(null)}>
          Cancel
        </button>
      </p>
    </form>
  );
}
