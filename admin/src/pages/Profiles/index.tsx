// Profiles page: look a profile up by identity. The query string (?ns=&value=) holds the lookup,
// so a profile can be linked to and survives a reload.
import { useModel } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { SelectField, TextField } from "../../components/fields";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { NAMESPACES, ProfileLookupModel } from "./model";
import { toProfileView } from "./normalize";
import { ProfileView } from "./ProfileView";

export default function Profiles() {
  const model = useModel(ProfileLookupModel);
  const { query, route } = useLocation();
  const sandbox = session.sandbox.value;

  useEffect(() => {
    if (!query.value) return;
    model.ns.value = query.ns || NAMESPACES[0];
    model.value.value = query.value;
    void model.lookup(sandbox);
  }, [query.ns, query.value, sandbox]);

  function submit(event: Event) {
    event.preventDefault();
    const ns = model.ns.value;
    const value = model.value.value.trim();
    // Routing triggers the lookup above; the same URL twice would not, so look up directly then.
    if (query.ns === ns && query.value === value) void model.lookup(sandbox);
    else route(`${paths.profiles}?${new URLSearchParams({ ns, value })}`);
  }

  const errors = model.errors.value;
  return (
    <section>
      <h1>Profiles</h1>
      <form class="form inline" onSubmit={submit} noValidate role="search" data-testid="profile-lookup-form">
        <SelectField id="profile-ns" label="Namespace" value={model.ns.value} options={NAMESPACES} error={errors.ns} onChange={(v) => (model.ns.value = v)} />
        <TextField id="profile-value" label="Identity value" value={model.value.value} placeholder="e.g. 3q2-7wEjRIqW0XzKk4k1Qw" error={errors.value} onInput={(v) => (model.value.value = v)} />
        <p class="actions">
          <button type="submit" class="button primary" data-testid="profile-lookup" disabled={model.loading.value}>
            Look up
          </button>
        </p>
      </form>
      <p class="hint">The pcid is the device id in the visitor's <code>pcid</code> cookie.</p>

      {model.loading.value && <p class="muted">Looking up…</p>}
      {model.notFound.value && (
        <Notice kind="info" testId="profile-not-found">
          No profile in sandbox {sandbox} has {model.ns.value} <code>{model.value.value.trim()}</code>.
        </Notice>
      )}
      {model.error.value && <Notice kind="error">Lookup failed: {model.error.value}</Notice>}
      {model.profile.value !== null && <ProfileView view={toProfileView(model.profile.value)} raw={model.profile.value} />}
    </section>
  );
}
