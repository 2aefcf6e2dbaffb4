// Placements of one sandbox (where offers can show): the form that adds one, and the same form
// editing an existing one (PUT replaces its name, channel, format, selector and render action).
import { action, createModel, signal } from "@preact/signals";
import { createPlacement, listPlacements, replacePlacement } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import { listLoader } from "../../lib/list-loader";
import type { Placement, PlacementInput } from "../../lib/types";
import { type PlacementDraft, draftFromPlacement, emptyPlacementDraft, inputFromPlacementDraft } from "./draft";

export const PlacementsModel = createModel(() => {
  const { items, loading, error, load } = listLoader<Placement>(listPlacements);
  const draft = signal<PlacementDraft>(emptyPlacementDraft());
  /** The placement being edited, or null while the form adds one. */
  const editing = signal<string | null>(null);
  const saving = signal(false);
  const errors = signal<Record<string, string>>({});
  const formError = signal<string | null>(null);
  /** What the last save did, for the notice above the form. */
  const done = signal<{ id: string; how: "added" | "saved" } | null>(null);

  const update = action((patch: Partial<PlacementDraft>) => {
    draft.value = { ...draft.value, ...patch };
  });

  const reset = () => {
    errors.value = {};
    formError.value = null;
  };

  const startEdit = action((p: Placement) => {
    reset();
    done.value = null;
    editing.value = p.id;
    draft.value = draftFromPlacement(p);
  });

  const cancelEdit = action(() => {
    reset();
    editing.value = null;
    draft.value = emptyPlacementDraft();
  });

  const submit = action(async (sb: string) => {
    saving.value = true;
    reset();
    done.value = null;
    const id = editing.value;
    try {
      if (id) {
        const placement = await replacePlacement(sb, id, inputFromPlacementDraft(draft.value));
        items.value = items.value.map((p) => (p.id === id ? placement : p));
        editing.value = null;
        done.value = { id, how: "saved" };
      } else {
        const { selector, action: render, ...body } = inputFromPlacementDraft(draft.value);
        const input: PlacementInput = { ...body, id: draft.value.id.trim(), ...(selector ? { selector } : {}), ...(render ? { action: render } : {}) };
        const placement = await createPlacement(sb, input);
        items.value = [...items.value, placement];
        done.value = { id: placement.id, how: "added" };
      }
      draft.value = emptyPlacementDraft();
    } catch (err) {
      if (err instanceof ApiError) errors.value = err.code === "conflict" ? { id: err.message } : err.fieldErrors();
      formError.value = Object.keys(errors.value).length ? `The placement was not ${id ? "saved" : "added"}. Fix the fields below.` : messageOf(err);
    } finally {
      saving.value = false;
    }
  });

  return { items, loading, error, draft, editing, saving, errors, formError, done, load, update, startEdit, cancelEdit, submit };
});
