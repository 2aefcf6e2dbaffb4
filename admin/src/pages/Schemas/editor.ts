// State of one schema editor (the profile schema, or one event type's): the JSON text, the
// structured helper's new-property row, and what the server said about the last save.
import { action, computed, createModel, signal } from "@preact/signals";
import { saveEventSchema, saveProfileSchema } from "../../lib/api";
import { ApiError, type FieldIssue, messageOf } from "../../lib/api-error";
import type { EventSchema, ProfileSchema, SchemaDoc } from "../../lib/types";
import { addProperty, EMPTY_SCHEMA, formatSchema, listProperties, type NewProperty, parseSchemaText, removeProperty, schemaIssues, setRequired } from "./draft";

/** The profile schema, or an event type's (`type: null` while a new one is being named). */
export type EditorTarget = { kind: "profile" } | { kind: "event"; type: string | null };

export type EditorInit = { target: EditorTarget; doc: SchemaDoc | null; description: string | null };

const blankProperty = (type: NewProperty["type"] = "string"): NewProperty => ({ name: "", type, required: false });

export const SchemaEditorModel = createModel((init: EditorInit) => {
  const { target } = init;
  const text = signal(formatSchema(init.doc ?? EMPTY_SCHEMA));
  const description = signal(init.description ?? "");
  const type = signal(target.kind === "event" ? (target.type ?? "") : "");
  const saving = signal(false);
  /** Server messages about the document, by path inside it (`properties.age.minimum`). */
  const issues = signal<FieldIssue[]>([]);
  /** Server messages about the other fields (`type`, `description`). */
  const fieldErrors = signal<Record<string, string>>({});
  const formError = signal<string | null>(null);
  const parsed = computed(() => parseSchemaText(text.value));
  const properties = computed(() => (parsed.value.ok ? listProperties(parsed.value.doc) : []));
  const newProperty = signal<NewProperty>(blankProperty());
  const helperError = signal<{ field: "name" | "type"; message: string } | null>(null);

  const setText = action((value: string) => {
    text.value = value;
  });

  /** Rewrites the text through the helper; refuses while the text is not a JSON object. */
  const edit = action((change: (doc: SchemaDoc) => SchemaDoc | null) => {
    const current = parsed.value;
    if (!current.ok) {
      helperError.value = { field: "name", message: `Fix the JSON first. ${current.message}` };
      return;
    }
    const next = change(current.doc);
    if (next) text.value = formatSchema(next);
  });

  const updateNewProperty = action((patch: Partial<NewProperty>) => {
    newProperty.value = { ...newProperty.value, ...patch };
  });

  const addNewProperty = action(() => {
    helperError.value = null;
    edit((doc) => {
      const result = addProperty(doc, newProperty.value);
      if (!result.ok) {
        helperError.value = { field: result.field, message: result.message };
        return null;
      }
      newProperty.value = blankProperty(newProperty.value.type);
      return result.doc;
    });
  });

  const removeNamed = action((name: string) => edit((doc) => removeProperty(doc, name)));
  const toggleRequired = action((name: string, required: boolean) => edit((doc) => setRequired(doc, name, required)));

  const reformat = action(() => edit((doc) => doc));

  /** Saves; resolves to what was stored, or null when there are messages to show. */
  const save = action(async (sb: string): Promise<ProfileSchema | EventSchema | null> => {
    issues.value = [];
    fieldErrors.value = {};
    formError.value = null;
    const current = parsed.value;
    if (!current.ok) {
      formError.value = `The schema was not saved. ${current.message}`;
      return null;
    }
    const eventType = type.value.trim();
    if (target.kind === "event" && !eventType) {
      fieldErrors.value = { type: "Name the event type, for example order.placed." };
      formError.value = "The schema was not saved. Fix the fields below.";
      return null;
    }
    const input = { jsonSchema: current.doc, ...(description.value.trim() ? { description: description.value.trim() } : {}) };
    saving.value = true;
    try {
      return target.kind === "profile" ? await saveProfileSchema(sb, input) : await saveEventSchema(sb, eventType, input);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        const split = schemaIssues(err.details);
        issues.value = split.schema;
        fieldErrors.value = split.fields;
        formError.value = "The schema was not saved. The server found these problems:";
      } else {
        formError.value = messageOf(err);
      }
      return null;
    } finally {
      saving.value = false;
    }
  });

  return {
    text, description, type, saving, issues, fieldErrors, formError, parsed, properties, newProperty, helperError,
    setText, updateNewProperty, addNewProperty, removeNamed, toggleRequired, reformat, save,
  };
});

export type SchemaEditorState = InstanceType<typeof SchemaEditorModel>;
