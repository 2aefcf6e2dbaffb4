// Fragment editor (/admin/fragments/new, /admin/fragments/:id): a block templates include with
// {% fragment "<id>" %}. Who includes it is listed; deleting one in use is refused by the API
// (409 in_use), and the answer names the templates and fragments to change first.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ConfirmButton } from "../../components/ConfirmButton";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { TextAreaField, TextField } from "../../components/fields";
import { createFragment, deleteFragment, getFragment, replaceFragment } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import type { Fragment } from "../../lib/types";

/** `templates.cart` / `fragments.legal` as a link to that editor. */
function UserLink({ path }: { path: string }) {
  const [kind, ...rest] = path.split(".");
  const id = rest.join(".");
  if (kind === "templates") return <a href={paths.template(id)}>template {id}</a>;
  if (kind === "fragments") return <a href={paths.fragment(id)}>fragment {id}</a>;
  return <code>{path}</code>;
}

export default function FragmentEdit({ params }: { params?: { id?: string } }) {
  const id = params?.id;
  return (
    <section>
      <p class="crumbs">
        <a href={paths.templates}>All templates and fragments</a> /
      </p>
      <h1>{id ? "Edit fragment" : "New fragment"}</h1>
      <p class="lead">A block kept once and included by templates. Its tokens read the same names as the template around it, and are escaped for the part it lands in.</p>
      <FragmentForm key={id ?? "new"} id={id} />
    </section>
  );
}

function FragmentForm({ id }: { id?: string }) {
  const sandbox = session.sandbox.peek();
  const { route } = useLocation();
  const [loading, setLoading] = useState(Boolean(id));
  const [loadError, setLoadError] = useState<string | null>(null);
  const [original, setOriginal] = useState<Fragment | null>(null);
  const [usedBy, setUsedBy] = useState<string[]>([]);
  const [fields, setFields] = useState({ id: "", name: "", content: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [deleteError, setDeleteError] = useState<{ message: string; users: string[] } | null>(null);

  useEffect(() => {
    if (!id) return;
    getFragment(sandbox, id)
      .then(({ fragment, usedBy }) => {
        setOriginal(fragment);
        setUsedBy(usedBy);
        setFields({ id: fragment.id, name: fragment.name, content: fragment.content });
      })
      .catch((err) => setLoadError(messageOf(err)))
      .finally(() => setLoading(false));
  }, []);

  if (loading) return <p class="muted">Loading…</p>;
  if (loadError) return <Notice kind="error">Could not open the fragment: {loadError}</Notice>;

  async function submit(e: Event) {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    setSaving(true);
    const input = { name: fields.name.trim(), content: fields.content };
    try {
      const saved = original ? await replaceFragment(sandbox, original.id, input) : await createFragment(sandbox, { ...input, ...(fields.id.trim() ? { id: fields.id.trim() } : {}) });
      route(`${paths.templates}?saved=${encodeURIComponent(saved.id)}`);
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(fieldErrors);
      setFormError(Object.keys(fieldErrors).length ? "The fragment was not saved. Fix the fields below." : messageOf(err));
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!original) return;
    setDeleteError(null);
    try {
      await deleteFragment(sandbox, original.id);
      route(`${paths.templates}?deleted=${encodeURIComponent(original.id)}`);
    } catch (err) {
      const users = err instanceof ApiError && err.code === "in_use" ? err.details.map((d) => d.path) : [];
      setDeleteError({ message: messageOf(err), users });
    }
  }

  return (
    <form class="form" noValidate onSubmit={submit} data-testid="fragment-form">
      {formError && (
        <Notice kind="error" testId="fragment-form-error">
          {formError}
        </Notice>
      )}
      <div class="grid-2">
        <TextField id="fragment-name" label="Name" value={fields.name} error={errors.name} onInput={(name) => setFields((f) => ({ ...f, name }))} />
        <IdField id="fragment-id" label="Fragment id" value={fields.id} fixed={Boolean(original)} error={errors.id} onInput={(v) => setFields((f) => ({ ...f, id: v }))} />
      </div>
      <TextAreaField
        id="fragment-content"
        label="Content"
        code
        rows={10}
        value={fields.content}
        error={errors.content}
        hint={<>Included with <code>{`{% fragment "${fields.id || "<id>"}" %}`}</code>. Fragments may include fragments, up to 5 deep.</>}
        onInput={(content) => setFields((f) => ({ ...f, content }))}
      />
      {original && (
        <p class="hint" data-testid="fragment-used-by">
          {usedBy.length ? (
            <>
              Included by{" "}
              {usedBy.map((u, i) => (
                <span key={u}>
                  {i > 0 && ", "}
                  <UserLink path={u} />
                </span>
              ))}
              : a change shows in their next messages.
            </>
          ) : (
            "No template includes it yet."
          )}
        </p>
      )}
      <p class="actions">
        <button type="submit" class="button primary" data-testid="save-fragment" disabled={saving}>
          {saving ? "Saving…" : "Save fragment"}
        </button>
        <a class="button subtle" href={paths.templates}>
          Cancel
        </a>
        {original && (
          <ConfirmButton label="Delete fragment" confirmLabel="Yes, delete" ariaLabel={`Delete the fragment ${original.name}`} testId="delete-fragment" confirmTestId="confirm-delete-fragment" onConfirm={() => void remove()} />
        )}
      </p>
      {deleteError && (
        <Notice kind="error" testId="fragment-delete-error">
          <p>
            {deleteError.users.length > 0 && <strong>Still in use. </strong>}
            {deleteError.message}.
          </p>
          {deleteError.users.length > 0 && (
            <p>
              Remove it from{" "}
              {deleteError.users.map((u, i) => (
                <span key={u}>
                  {i > 0 && ", "}
                  <UserLink path={u} />
                </span>
              ))}{" "}
              first.
            </p>
          )}
        </Notice>
      )}
    </form>
  );
}
