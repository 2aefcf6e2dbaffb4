// Placements page: the slots offers can target in the current sandbox, and a form to add one.
import { useModel, useSignalEffect } from "@preact/signals";
import { Notice } from "../../components/Notice";
import { session } from "../../lib/session";
import { PlacementsModel } from "./model";
import { PlacementForm } from "./PlacementForm";

export default function Placements() {
  const model = useModel(PlacementsModel);

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  const items = model.items.value;
  return (
    <section>
      <h1>Placements</h1>
      {model.error.value && <Notice kind="error">Could not load placements: {model.error.value}</Notice>}
      {model.loading.value && items.length === 0 ? (
        <p class="muted">Loading placements…</p>
      ) : items.length === 0 ? (
        <p>No placements in this sandbox yet.</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="placements-table">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Name</th>
                <th scope="col">Channel</th>
                <th scope="col">Default format</th>
                <th scope="col">Selector</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <code>{p.id}</code>
                  </th>
                  <td>{p.name}</td>
                  <td>{p.channel}</td>
                  <td>{p.format}</td>
                  <td>{p.selector ? <code>{p.selector}</code> : <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Add a placement</h2>
      {model.created.value && <Notice kind="ok">Placement {model.created.value} added.</Notice>}
      <PlacementForm
        draft={model.draft.value}
        errors={model.errors.value}
        formError={model.formError.value}
        saving={model.saving.value}
        onChange={model.update}
        onSubmit={() => void model.create(session.sandbox.value)}
      />
    </section>
  );
}
