// Placements of one sandbox (where offers can show) and the small form that adds one.
import { action, createModel, signal } from "@preact/signals";
import { createPlacement, listPlacements } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { listLoader } from "../../lib/list-loader";
import type { Channel, Format, Placement } from "../../lib/types";

export type PlacementDraft = { id: string; name: string; channel: Channel; format: Format; selector: string };

const emptyDraft = (): PlacementDraft => ({ id: "", name: "", channel: "web", format: "html", selector: "" });

export const PlacementsModel = createModel(() => {
  const { items, loading, error, load } = listLoader<Placement>(listPlacements);
  const draft = signal<PlacementDraft>(emptyDraft());
  const saving = signal(false);
  const errors = signal<Record<string, string>>({});
  const formError = signal<string | null>(null);
  const created = signal<string | null>(null);
  const update = action((patch: Partial<PlacementDraft>) => {
    draft.value = { ...draft.value, ...patch };
  });

  const create = action(async (sb: string) => {
    const { selector, ...rest } = draft.value;
    saving.value = true;
    errors.value = {};
    formError.value = null;
    created.value = null;
    try {
      const placement = await createPlacement(sb, { ...rest, id: rest.id.trim(), name: rest.name.trim(), ...(selector.trim() ? { selector: selector.trim() } : {}) });
      items.value = [...items.value, placement];
      draft.value = emptyDraft();
      created.value = placement.id;
    } catch (err) {
      if (err instanceof ApiError) errors.value = err.code === "conflict" ? { id: err.message } : err.fieldErrors();
      formError.value = Object.keys(errors.value).length ? "The placement was not added. Fix the fields below." : messageOf(err);
    } finally {
      saving.value = false;
    }
  });

  return { items, loading, error, draft, saving, errors, formError, created, load, update, create };
});
