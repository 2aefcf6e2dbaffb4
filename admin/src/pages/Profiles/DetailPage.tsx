// One profile's page, found by the identity in its address (/admin/profiles/<ns>/<value>).
import { useModel } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { Notice } from "../../components/Notice";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { ProfileDetailModel } from "./detail-model";
import { ProfileView } from "./ProfileView";

export function DetailPage({ ns, value }: { ns: string; value: string }) {
  const model = useModel(ProfileDetailModel);
  const sandbox = session.sandbox.value;

  useEffect(() => {
    void model.load(sandbox, ns, value);
  }, [sandbox, ns, value]);

  const view = model.view.value;
  return (
    <section>
      {/* Not named "Profiles": that is the top bar's link, and tests find it by that name. */}
      <p class="crumbs">
        <a href={paths.profiles}>Profile search</a> /
      </p>
      <div class="page-head">
        <h1 class="identity-title">
          <span class="ns">{ns}</span> {value}
        </h1>
        <button type="button" class="button" data-testid="profile-refresh" disabled={model.loading.value} onClick={() => void model.load(sandbox, ns, value, { fresh: true })}>
          {model.loading.value && view ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      {model.loading.value && !view && <p class="muted">Looking up…</p>}
      {model.notFound.value && (
        <Notice kind="info" testId="profile-not-found">
          No profile in sandbox {sandbox} has {ns} <code>{value}</code>.
        </Notice>
      )}
      {model.error.value && <Notice kind="error">Lookup failed: {model.error.value}</Notice>}
      {view && <ProfileView view={view} raw={model.profile.value} lookedUp={{ ns, value }} model={model} />}
    </section>
  );
}
