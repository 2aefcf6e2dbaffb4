// Identity namespaces: the built-in ones, the sandbox's custom ones (removable after a second
// click), and a form to add one.
import { ConfirmButton } from "../../components/ConfirmButton";
import { Notice } from "../../components/Notice";
import { TextField } from "../../components/fields";
import { formatDateTime } from "../../lib/format";
import type { SettingsState } from "./model";

export function Namespaces({ model, onAdd, onRemove }: { model: SettingsState; onAdd: () => void; onRemove: (id: string) => void }) {
  const list = model.namespaces.value;
  if (!list) return null;
  const draft = model.nsDraft.value;
  const errors = model.nsErrors.value;
  return (
    <>
      <p data-testid="builtin-namespaces">
        Built in:{" "}
        {list.builtIn.map((id) => (
          <span key={id} class="badge">
            {id}
          </span>
        ))}
      </p>
      {model.nsNotice.value && (
        <Notice kind="ok" testId="namespaces-status">
          {model.nsNotice.value}
        </Notice>
      )}
      {list.items.length === 0 ? (
        <p data-testid="namespaces-empty">No custom namespaces in this sandbox yet.</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="namespaces-table">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Name</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((n) => (
                <tr key={n.id} data-testid="namespace-row" data-id={n.id}>
                  <th scope="row">
                    <code>{n.id}</code>
                  </th>
                  <td>{n.name}</td>
                  <td class="nowrap">{formatDateTime(n.createdAt)}</td>
                  <td class="nowrap num">
                    <ConfirmButton label="Remove" confirmLabel="Yes, remove" ariaLabel={`Remove namespace ${n.id}`} testId="delete-namespace" confirmTestId="confirm-delete-namespace" onConfirm={() => onRemove(n.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>Add a namespace</h3>
      {model.nsFormError.value && <Notice kind="error">{model.nsFormError.value}</Notice>}
      <form
        class="form inline"
        noValidate
        data-testid="namespace-form"
        onSubmit={(e) => {
          e.preventDefault();
          onAdd();
        }}
      >
        <TextField id="namespace-id" label="Namespace id" value={draft.id} hint="Lower-case letters, digits, - and _, e.g. loyalty." error={errors.id} onInput={(id) => model.updateNamespace({ id })} />
        <TextField id="namespace-name" label="Namespace name" value={draft.name} hint="e.g. Loyalty card number" error={errors.name} onInput={(name) => model.updateNamespace({ name })} />
        <p class="actions">
          <button type="submit" class="button primary" data-testid="create-namespace">
            Add namespace
          </button>
        </p>
      </form>
    </>
  );
}
