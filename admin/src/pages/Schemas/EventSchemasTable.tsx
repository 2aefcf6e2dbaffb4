// The event types that have a schema, with their description and last change; each row opens
// the editor or removes the schema (after a second click, so a slip does not delete).
import { ConfirmButton } from "../../components/ConfirmButton";
import { formatDateTime } from "../../lib/format";
import type { EventSchema } from "../../lib/types";
import { listProperties } from "./draft";

type Props = { events: EventSchema[]; editing: string | null; onEdit: (type: string) => void; onDelete: (type: string) => void };

export function EventSchemasTable({ events, editing, onEdit, onDelete }: Props) {
  return (
    <div class="table-wrap">
      <table data-testid="event-schemas-table">
        <thead>
          <tr>
            <th scope="col">Event type</th>
            <th scope="col">Description</th>
            <th scope="col" class="num">Properties</th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.type} data-testid="event-schema-row" data-type={e.type} class={editing === e.type ? "highlight" : undefined}>
              <th scope="row">
                <code>{e.type}</code>
              </th>
              <td>{e.description || <span class="muted">—</span>}</td>
              <td class="num">{listProperties(e.jsonSchema).length}</td>
              <td class="nowrap">{formatDateTime(e.updatedAt)}</td>
              <td class="nowrap num">
                <button type="button" class="button subtle" data-testid="edit-event-schema" aria-label={`Edit the schema of ${e.type}`} onClick={() => onEdit(e.type)}>
                  Edit
                </button>
                <ConfirmButton label="Delete" confirmLabel="Yes, delete" ariaLabel={`Delete the schema of ${e.type}`} testId="delete-event-schema" confirmTestId="confirm-delete-event-schema" onConfirm={() => onDelete(e.type)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
