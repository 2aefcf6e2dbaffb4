// Schemas page: the profile attribute schema and one schema per event type, for the current
// sandbox. Saved schemas reach the edge with the next publish.
import { useModel, useSignalEffect } from "@preact/signals";
import { Notice } from "../../components/Notice";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import type { EventSchema } from "../../lib/types";
import { EventSchemasTable } from "./EventSchemasTable";
import { SchemasModel } from "./model";
import { SchemaEditor } from "./SchemaEditor";

export default function Schemas() {
  const model = useModel(SchemasModel);
  const sandbox = session.sandbox.value;

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  const list = model.list.value;
  const editing = model.editing.value;
  const openEvent = editing === null ? null : list?.events.find((e) => e.type === editing) ?? null;

  return (
    <section>
      <h1>Schemas</h1>
      <p class="lead">
        Schemas describe profile attributes and the <code>data</code> of each event type. Whether fields a schema does not list are rejected or kept and flagged is the sandbox's schema
        mode, on the <a href={paths.settings}>Settings</a> page. Changes apply at the edge after you publish.
      </p>
      {model.notice.value && (
        <Notice kind="ok" testId="schemas-status">
          {model.notice.value}
        </Notice>
      )}
      {model.actionError.value && <Notice kind="error">{model.actionError.value}</Notice>}
      {model.error.value && <Notice kind="error">Could not load schemas: {model.error.value}</Notice>}

      {model.loading.value && !list ? (
        <p class="muted">Loading schemas…</p>
      ) : (
        list && (
          <>
            <h2>Profile attributes</h2>
            {!list.profile && (
              <p class="muted" data-testid="profile-schema-empty">
                No profile schema yet: in lenient mode any attribute is accepted.
              </p>
            )}
            <SchemaEditor
              key={`profile:${sandbox}:${list.profile?.updatedAt ?? "none"}`}
              init={{ target: { kind: "profile" }, doc: list.profile?.jsonSchema ?? null, description: list.profile?.description ?? null }}
              sandbox={sandbox}
              onSaved={(saved) => model.profileSaved(saved)}
              onDelete={list.profile ? () => model.removeProfile(sandbox) : undefined}
            />

            <div class="page-head section-head">
              <h2>Event types</h2>
              <button type="button" class="button primary" data-testid="new-event-schema" onClick={() => model.edit("")}>
                New event type
              </button>
            </div>
            <p class="hint">
              Built in and always accepted: <code>page.view</code>, <code>proposition.display</code>, <code>proposition.click</code>, <code>profile.update</code>, <code>identity.login</code>.
            </p>
            {list.events.length === 0 ? (
              <p data-testid="event-schemas-empty">No event type has a schema yet.</p>
            ) : (
              <EventSchemasTable events={list.events} editing={editing} onEdit={(type) => model.edit(type)} onDelete={(type) => void model.removeEvent(sandbox, type)} />
            )}

            {editing !== null && (
              <>
                <h3>{openEvent ? `Schema of ${openEvent.type}` : "New event type"}</h3>
                <SchemaEditor
                  key={`event:${sandbox}:${editing}`}
                  init={{
                    target: { kind: "event", type: openEvent ? openEvent.type : null },
                    doc: openEvent?.jsonSchema ?? null,
                    description: openEvent?.description ?? null,
                  }}
                  sandbox={sandbox}
                  onSaved={(saved) => model.eventSaved(saved as EventSchema)}
                  onCancel={() => model.edit(null)}
                />
              </>
            )}
          </>
        )
      )}
    </section>
  );
}
