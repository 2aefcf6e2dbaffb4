// The journeys of one sandbox by name, and the form that creates one.
import { action, createModel, signal } from "@preact/signals";
import { createJourney, listJourneys } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { listLoader } from "../../lib/list-loader";
import type { JourneyStatus, JourneySummary } from "../../lib/types";
import { starterDefinition } from "../JourneyEdit/definition";

const byName = (a: JourneySummary, b: JourneySummary) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** The status a row shows: live when a version is, else stopped when one was, else draft. */
export function journeyStatus(j: JourneySummary): JourneyStatus {
  if (j.live !== null) return "live";
  if (j.versions.some((v) => v.status === "stopped")) return "stopped";
  if (j.draft === null && j.versions.length) return "closed";
  return "draft";
}

export type NewJourney = { name: string; id: string; eventType: string };

/** The API's paths for the create form's fields. */
export function createFieldOf(path: string): keyof NewJourney | null {
  if (path === "name") return "name";
  if (path === "id") return "id";
  if (path.startsWith("definition.entry")) return "eventType";
  return null;
}

export const JourneysModel = createModel(() => {
  const list = listLoader<JourneySummary>(async (sb) => [...(await listJourneys(sb))].sort(byName));
  const creating = signal(false);
  const form = signal<NewJourney>({ name: "", id: "", eventType: "page.view" });
  const errors = signal<Partial<Record<keyof NewJourney, string>>>({});
  const formError = signal<string | null>(null);
  const saving = signal(false);

  const update = action((patch: Partial<NewJourney>) => {
    form.value = { ...form.value, ...patch };
  });

  /** Creates the journey (entered on the event, straight to its end); answers its id. */
  const create = action(async (sb: string): Promise<string | null> => {
    const f = form.value;
    const local: Partial<Record<keyof NewJourney, string>> = {};
    if (!f.name.trim()) local.name = "Name the journey";
    if (!f.eventType.trim()) local.eventType = "Name the event that starts it";
    errors.value = local;
    formError.value = null;
    if (Object.keys(local).length) {
      formError.value = "Fix these fields:";
      return null;
    }
    saving.value = true;
    try {
      const { journey } = await createJourney(sb, { ...(f.id.trim() ? { id: f.id.trim() } : {}), name: f.name.trim(), definition: starterDefinition(f.eventType.trim()) });
      return journey.id;
    } catch (err) {
      const byField: Partial<Record<keyof NewJourney, string>> = {};
      if (err instanceof ApiError) for (const d of err.details) {
        const field = createFieldOf(d.path);
        if (field) byField[field] ??= d.message;
      }
      errors.value = byField;
      formError.value = `The journey was not created. ${messageOf(err)}`;
      return null;
    } finally {
      saving.value = false;
    }
  });

  return { ...list, creating, form, errors, formError, saving, update, create };
});
