// The Schemas page: the sandbox's profile schema and event-type schemas, which event type is
// open in the editor, and the outcome of the last change.
import { action, createModel, signal } from "@preact/signals";
import { deleteEventSchema, deleteProfileSchema, getSchemas } from "../../lib/api";
import { messageOf } from "../../lib/api-error";
import type { EventSchema, ProfileSchema, SchemaList } from "../../lib/types";

const byType = (a: EventSchema, b: EventSchema) => a.type.localeCompare(b.type);

export const SchemasModel = createModel(() => {
  const list = signal<SchemaList | null>(null);
  const loading = signal(true);
  const error = signal<string | null>(null);
  /** The event type in the editor: a type, `""` for a new one, null when closed. */
  const editing = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const actionError = signal<string | null>(null);
  let request = 0;

  // Only the newest load may write: a slow answer for the sandbox just left must not win.
  const load = action(async (sb: string) => {
    const mine = ++request;
    loading.value = true;
    error.value = null;
    editing.value = null;
    notice.value = null;
    try {
      const answer = await getSchemas(sb);
      if (mine === request) list.value = { ...answer, events: [...answer.events].sort(byType) };
    } catch (err) {
      if (mine === request) error.value = messageOf(err);
    } finally {
      if (mine === request) loading.value = false;
    }
  });

  const changed = (what: string) => {
    actionError.value = null;
    notice.value = `${what} Publish to apply it at the edge.`;
  };

  const profileSaved = action((profile: ProfileSchema) => {
    if (list.value) list.value = { ...list.value, profile };
    changed("Profile schema saved.");
  });

  const eventSaved = action((event: EventSchema) => {
    if (list.value) list.value = { ...list.value, events: [...list.value.events.filter((e) => e.type !== event.type), event].sort(byType) };
    editing.value = null;
    changed(`Schema of event type ${event.type} saved.`);
  });

  const removeProfile = action(async (sb: string) => {
    try {
      await deleteProfileSchema(sb);
      if (list.value) list.value = { ...list.value, profile: null };
      changed("Profile schema removed.");
    } catch (err) {
      actionError.value = `Could not remove the profile schema: ${messageOf(err)}`;
    }
  });

  const removeEvent = action(async (sb: string, type: string) => {
    try {
      await deleteEventSchema(sb, type);
      if (list.value) list.value = { ...list.value, events: list.value.events.filter((e) => e.type !== type) };
      if (editing.value === type) editing.value = null;
      changed(`Schema of event type ${type} removed.`);
    } catch (err) {
      actionError.value = `Could not remove the schema of ${type}: ${messageOf(err)}`;
    }
  });

  const edit = action((type: string | null) => {
    editing.value = type;
    notice.value = null;
  });

  return { list, loading, error, editing, notice, actionError, load, profileSaved, eventSaved, removeProfile, removeEvent, edit };
});
