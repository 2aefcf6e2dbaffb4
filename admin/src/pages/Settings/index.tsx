// Settings page: the current sandbox's settings and its custom identity namespaces. Both reach
// the edge with the next publish.
import { useModel, useSignalEffect } from "@preact/signals";
import { Notice } from "../../components/Notice";
import { session } from "../../lib/session";
import { SettingsModel } from "./model";
import { Namespaces } from "./Namespaces";
import { SettingsForm } from "./SettingsForm";

export default function Settings() {
  const model = useModel(SettingsModel);
  const sandbox = session.sandbox.value;

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  return (
    <section>
      <h1>Settings</h1>
      <p class="lead">
        Settings of sandbox <strong>{sandbox}</strong>. Changes apply at the edge after you publish.
      </p>
      {model.loadError.value && <Notice kind="error">Could not load the settings: {model.loadError.value}</Notice>}
      {model.loading.value && !model.draft.value ? (
        <p class="muted">Loading settings…</p>
      ) : (
        <>
          <SettingsForm model={model} onSubmit={() => void model.save(sandbox)} />
          <h2>Identity namespaces</h2>
          <p class="hint">Kinds of identity a profile can be known by. Add your own, such as a loyalty card number, beside the built-in ones.</p>
          <Namespaces model={model} onAdd={() => void model.addNamespace(sandbox)} onRemove={(id) => void model.removeNamespace(sandbox, id)} />
        </>
      )}
    </section>
  );
}
