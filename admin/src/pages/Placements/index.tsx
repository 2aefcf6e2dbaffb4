// Placements page: the slots offers can target in the current sandbox, a form to add one, and
// the same form to edit one (its Edit button in the table).
import { useModel, useSignalEffect } from "@preact/signals";
import { useRef } from "preact/hooks";
import { Notice } from "../../components/Notice";
import { session } from "../../lib/session";
import type { Placement } from "../../lib/types";
import { PlacementsModel } from "./model";
import { PlacementForm } from "./PlacementForm";

export default function Placements() {
  const model = useModel(PlacementsModel);
  const heading = useRef<HTMLHeadingElement>(null);

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  function edit(p: Placement) {
    model.startEdit(p);
    // Where the form is: the keyboard and screen reader follow the button press.
    requestAnimationFrame(() => heading.current?.focus());
  }

  const items = model.items.value;
  const editing = model.editing.value;
  const done = model.done.value;
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
                <th scope="col">Render action</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} data-testid={`placement-row-${p.id}`} class={p.id === editing ? "highlight" : undefined}>
                  <th scope="row">
                    <code>{p.id}</code>
                  </th>
                  <td>{p.name}</td>
                  <td>{p.channel}</td>
                  <td>{p.format}</td>
                  <td>{p.selector ? <code>{p.selector}</code> : <span class="muted">—</span>}</td>
                  <td>{p.action ?? <span class="muted">offer's format</span>}</td>
                  <td>
                    <button type="button" class="button subtle" data-testid="edit-placement" aria-label={`Edit placement ${p.id}`} onClick={() => edit(p)}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="placement-form-heading" ref={heading} tabIndex={-1}>
        {editing ? (
          <>
            Edit placement <code>{editing}</code>
          </>
        ) : (
          "Add a placement"
        )}
      </h2>
      {done && (
        <Notice kind="ok" testId="placement-done">
          Placement {done.id} {done.how}. Publish to make the change live.
        </Notice>
      )}
      <PlacementForm
        draft={model.draft.value}
        editing={Boolean(editing)}
        errors={model.errors.value}
        formError={model.formError.value}
        saving={model.saving.value}
        onChange={model.update}
        onSubmit={() => void model.submit(session.sandbox.value)}
        onCancel={model.cancelEdit}
      />
    </section>
  );
}
