// Template editor (/admin/templates/new, /admin/templates/:id): name, channel and the channel's
// parts, each with the API's message beside it; a preview rendered by the edge for a sample
// person, and a test send to the outbox.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ConfirmButton } from "../../components/ConfirmButton";
import { ErrorSummary } from "../../components/ErrorSummary";
import { IdField } from "../../components/IdField";
import { MessageParts } from "../../components/MessageParts";
import { Notice } from "../../components/Notice";
import { SelectField, TextAreaField, TextField } from "../../components/fields";
import { createTemplate, deleteTemplate, getTemplate, previewTemplate, replaceTemplate, testSendTemplate } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { parseJsonObject } from "../../lib/json-text";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { MESSAGE_CHANNELS, type MessageChannel, type MessageTemplate, type PreviewInput, type RenderedParts } from "../../lib/types";
import { displayParts } from "../Outbox/model";
import { CHANNEL_PARTS, SAMPLE_PROFILE, contentFor, partErrors } from "./parts";

type Fields = { id: string; name: string; channel: MessageChannel; parts: Record<string, string> };

const LABELS: Record<string, string> = { name: "Name", id: "Template id", channel: "Channel" };

export default function TemplateEdit({ params }: { params?: { id?: string } }) {
  const id = params?.id;
  return (
    <section>
      <p class="crumbs">
        <a href={paths.templates}>All templates</a> /
      </p>
      <h1>{id ? "Edit template" : "New template"}</h1>
      <TemplateForm key={id ?? "new"} id={id} />
    </section>
  );
}

function TemplateForm({ id }: { id?: string }) {
  const sandbox = session.sandbox.peek();
  const { route, query } = useLocation();
  const [loading, setLoading] = useState(Boolean(id));
  const [loadError, setLoadError] = useState<string | null>(null);
  const [original, setOriginal] = useState<MessageTemplate | null>(null);
  const [includes, setIncludes] = useState<string[]>([]);
  const [fields, setFields] = useState<Fields>({ id: "", name: "", channel: "email", parts: {} });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [justSaved, setJustSaved] = useState(false);

  useEffect(() => {
    if (!id) return;
    getTemplate(sandbox, id)
      .then(({ template, fragments }) => {
        setOriginal(template);
        setIncludes(fragments);
        setFields({ id: template.id, name: template.name, channel: template.channel, parts: { ...template.content } });
      })
      .catch((err) => setLoadError(messageOf(err)))
      .finally(() => setLoading(false));
  }, []);

  if (loading) return <p class="muted">Loading…</p>;
  if (loadError) return <Notice kind="error">Could not open the template: {loadError}</Notice>;

  const specs = CHANNEL_PARTS[fields.channel];
  const { parts: perPart, other } = partErrors(errors, fields.channel);
  const dirty =
    !original || original.name !== fields.name || original.channel !== fields.channel || JSON.stringify(original.content) !== JSON.stringify(contentFor(fields.channel, fields.parts));

  /** Saves; answers the saved template, or null with the errors shown. */
  async function save(): Promise<MessageTemplate | null> {
    setErrors({});
    setFormError(null);
    setSaving(true);
    const input = { name: fields.name.trim(), channel: fields.channel, content: contentFor(fields.channel, fields.parts) };
    try {
      const saved = original ? await replaceTemplate(sandbox, original.id, input) : await createTemplate(sandbox, { ...input, ...(fields.id.trim() ? { id: fields.id.trim() } : {}) });
      setOriginal(saved);
      setJustSaved(true);
      setFields((f) => ({ ...f, id: saved.id }));
      if (!original) route(`${paths.template(saved.id)}?created=1`, true);
      return saved;
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(fieldErrors);
      setFormError(Object.keys(fieldErrors).length ? "The template was not saved. Fix the parts marked below." : messageOf(err));
      return null;
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!original) return;
    setDeleteError(null);
    try {
      await deleteTemplate(sandbox, original.id);
      route(`${paths.templates}?deleted=${encodeURIComponent(original.id)}`);
    } catch (err) {
      setDeleteError(messageOf(err));
    }
  }

  const setPart = (name: string, value: string) => setFields((f) => ({ ...f, parts: { ...f.parts, [name]: value } }));

  return (
    <div class="editor-split">
      <form
        class="form"
        noValidate
        data-testid="template-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {(justSaved || query.created) && !dirty && !formError && (
          <Notice kind="ok" testId="template-saved">
            Template <strong>{original?.id}</strong> saved. Preview it or send a test beside.
          </Notice>
        )}
        {formError && <ErrorSummary message={formError} errors={errors} labelFor={(p) => LABELS[p] ?? specs.find((s) => `content.${s.name}` === p)?.label ?? p} testId="template-form-error" />}
        <div class="grid-2">
          <TextField id="template-name" label="Name" value={fields.name} error={errors.name} onInput={(name) => setFields((f) => ({ ...f, name }))} />
          <IdField id="template-id" label="Template id" value={fields.id} fixed={Boolean(original)} error={errors.id} onInput={(v) => setFields((f) => ({ ...f, id: v }))} />
        </div>
        <SelectField
          id="template-channel"
          label="Channel"
          value={fields.channel}
          options={MESSAGE_CHANNELS}
          error={errors.channel}
          hint="The channel decides the parts below."
          onChange={(v) => setFields((f) => ({ ...f, channel: v as MessageChannel }))}
        />
        {specs.map((spec) => {
          const fieldId = `part-${spec.name}`;
          const label = spec.required ? spec.label : `${spec.label} (optional)`;
          const error = perPart[spec.name];
          return spec.kind === "line" || spec.kind === "link" ? (
            <TextField key={fieldId} id={fieldId} label={label} value={fields.parts[spec.name] ?? ""} hint={spec.hint} error={error} onInput={(v) => setPart(spec.name, v)} />
          ) : (
            <TextAreaField key={fieldId} id={fieldId} label={label} code={spec.kind === "html"} rows={spec.kind === "html" ? 12 : 4} value={fields.parts[spec.name] ?? ""} hint={spec.hint} error={error} onInput={(v) => setPart(spec.name, v)} />
          );
        })}
        {Object.keys(other).filter((p) => p.startsWith("content")).map((p) => (
          <p key={p} class="field-error">
            {p}: {other[p]}
          </p>
        ))}
        <p class="hint">
          Read the person with <code>{"{{ profile.firstName }}"}</code>, the journey's variables with <code>{"{{ journey.product }}"}</code>, include a fragment with <code>{'{% fragment "footer" %}'}</code>.
        </p>
        {includes.length > 0 && <p class="hint">Includes the fragments {includes.map((f, i) => <span key={f}>{i > 0 && ", "}<a href={paths.fragment(f)}>{f}</a></span>)}.</p>}
        <p class="actions">
          <button type="submit" class="button primary" data-testid="save-template" disabled={saving}>
            {saving ? "Saving…" : "Save template"}
          </button>
          <a class="button subtle" href={paths.templates}>
            Back to templates
          </a>
          {original && (
            <ConfirmButton label="Delete template" confirmLabel="Yes, delete" ariaLabel={`Delete the template ${original.name}`} testId="delete-template" confirmTestId="confirm-delete-template" onConfirm={() => void remove()} />
          )}
        </p>
        {deleteError && (
          <Notice kind="error" testId="template-delete-error">
            {deleteError}
          </Notice>
        )}
      </form>
      <PreviewPanel sandbox={sandbox} template={original} dirty={dirty} save={save} />
    </div>
  );
}

/** Preview and test send, for the saved template (saving first when the form has changes). */
function PreviewPanel({ sandbox, template, dirty, save }: { sandbox: string; template: MessageTemplate | null; dirty: boolean; save: () => Promise<MessageTemplate | null> }) {
  const [profileText, setProfileText] = useState(SAMPLE_PROFILE);
  const [journeyText, setJourneyText] = useState("");
  const [profileId, setProfileId] = useState("");
  const [to, setTo] = useState("");
  const [inputErrors, setInputErrors] = useState<Record<string, string>>({});
  const [rendered, setRendered] = useState<{ channel: MessageChannel; parts: RenderedParts } | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function input(): PreviewInput | null {
    const bad: Record<string, string> = {};
    const attributes = profileText.trim() ? parseJsonObject(profileText, { empty: "", notObject: "Write the attributes as a JSON object" }) : null;
    const journey = journeyText.trim() ? parseJsonObject(journeyText, { empty: "", notObject: "Write the variables as a JSON object" }) : null;
    if (attributes && !attributes.ok) bad.attributes = attributes.message;
    if (journey && !journey.ok) bad.journey = journey.message;
    setInputErrors(bad);
    if (Object.keys(bad).length) return null;
    return {
      ...(attributes?.ok ? { attributes: attributes.value } : {}),
      ...(journey?.ok ? { journey: journey.value } : {}),
      ...(profileId.trim() ? { profileId: profileId.trim() } : {}),
      ...(to.trim() ? { to: to.trim() } : {}),
    };
  }

  async function run(kind: "preview" | "send") {
    const body = input();
    if (!body) return;
    setError(null);
    setBusy(true);
    try {
      const saved = dirty ? await save() : template;
      if (!saved) return;
      if (kind === "preview") {
        const answer = await previewTemplate(sandbox, saved.id, body);
        setRendered({ channel: answer.template.channel, parts: answer.parts });
      } else {
        const answer = await testSendTemplate(sandbox, saved.id, body);
        setRendered({ channel: answer.channel, parts: answer.parts });
        setSent(answer.deliveryId);
      }
    } catch (err) {
      if (err instanceof ApiError) {
        const e = err.fieldErrors();
        const mapped = Object.fromEntries(Object.entries(e).map(([p, m]) => [p.split(".")[0], m]));
        if (Object.keys(mapped).length) setInputErrors(mapped);
      }
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const verb = dirty ? "Save and " : "";
  return (
    <section class="card" aria-labelledby="preview-heading" data-testid="template-preview">
      <h2 id="preview-heading">Preview and test send</h2>
      <p class="hint">Rendered by the edge as the person would get it, with nothing tracked. {dirty && template ? "Your changes are saved first." : null}</p>
      <TextAreaField id="preview-attributes" label="Sample profile (JSON)" code rows={5} value={profileText} error={inputErrors.attributes} hint="Attributes read as profile.*; on top of the profile below, if any." onInput={setProfileText} />
      <TextAreaField id="preview-journey" label="Journey variables (JSON, optional)" code rows={3} value={journeyText} error={inputErrors.journey} hint='Read as journey.*, e.g. { "product": "Tent" }.' onInput={setJourneyText} />
      <TextField id="preview-profile-id" label="Profile id (optional)" value={profileId} error={inputErrors.profileId} onInput={setProfileId} />
      <p class="actions">
        <button type="button" class="button" data-testid="preview-template" disabled={busy} onClick={() => void run("preview")}>
          {verb}Preview
        </button>
      </p>
      <TextField id="test-send-to" label="Send the test to (optional)" value={to} hint="Kept with the message in the outbox; nothing leaves." onInput={setTo} />
      <p class="actions tight-top">
        <button type="button" class="button" data-testid="test-send-template" disabled={busy} onClick={() => void run("send")}>
          {verb}Test send
        </button>
      </p>
      {error && (
        <Notice kind="error" testId="preview-error">
          {error}
        </Notice>
      )}
      {sent && (
        <Notice kind="ok" testId="test-sent">
          Test message put in the outbox. <a href={paths.outboxMessage(sent)} data-testid="test-sent-link">Open it in the outbox</a>.
        </Notice>
      )}
      {rendered && (
        <div data-testid="preview-result">
          <h3>As rendered</h3>
          <MessageParts parts={displayParts({ channel: rendered.channel, payload: rendered.parts })} />
        </div>
      )}
    </section>
  );
}
