// State of the offer form: the draft being edited, the placements it can target, and what the
// server said about the last save.
import { action, createModel, signal } from "@preact/signals";
import { createOffer, getOffer, listAudiences, listPlacements, replaceOffer } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { AudienceSummary, Offer, Placement } from "../../lib/types";
import { type AttrDraft, MAX_ATTRIBUTES, newAttr, placeAttributeErrors } from "./attributes";
import { type CapDraft, MAX_CAPS, newCap } from "./caps";
import { type OfferDraft, type RepDraft, draftFromOffer, emptyDraft, inputFromDraft, newRep } from "./draft";
import { DEFAULT_SAMPLE_PROFILE } from "./preview";

export const OfferFormModel = createModel(() => {
  const draft = signal<OfferDraft>(emptyDraft([]));
  const placements = signal<Placement[]>([]);
  /** The sandbox's audiences, for "Who can see it". */
  const audiences = signal<AudienceSummary[]>([]);
  /** Why the audiences could not be listed; the rest of the form still works. */
  const audiencesError = signal<string | null>(null);
  const original = signal<Offer | null>(null);
  const loading = signal(true);
  const loadError = signal<string | null>(null);
  const saving = signal(false);
  /** Server messages keyed by field path, e.g. `representations.0.content`. */
  const errors = signal<Record<string, string>>({});
  const formError = signal<string | null>(null);
  /** The sample profile (JSON) the representation previews fill their tokens from. */
  const sampleProfile = signal(DEFAULT_SAMPLE_PROFILE);

  const load = action(async (sb: string, id?: string) => {
    loading.value = true;
    loadError.value = null;
    try {
      audiencesError.value = null;
      const listed = listAudiences(sb).catch((err: unknown) => {
        audiencesError.value = messageOf(err);
        return [];
      });
      const [list, offer, groups] = await Promise.all([listPlacements(sb), id ? getOffer(sb, id) : Promise.resolve(null), listed]);
      placements.value = list;
      audiences.value = groups;
      original.value = offer;
      draft.value = offer ? draftFromOffer(offer) : emptyDraft(list);
    } catch (err) {
      loadError.value = messageOf(err);
    } finally {
      loading.value = false;
    }
  });

  const update = action((patch: Partial<OfferDraft>) => {
    draft.value = { ...draft.value, ...patch };
  });

  const updateRep = action((key: number, patch: Partial<RepDraft>) => {
    update({ representations: draft.value.representations.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  });

  /** Adds a row for the first placement that has none yet (one representation per placement). */
  const addRep = action(() => {
    const used = new Set(draft.value.representations.map((r) => r.placement));
    update({ representations: [...draft.value.representations, newRep(placements.value.find((p) => !used.has(p.id)))] });
  });

  const removeRep = action((key: number) => {
    update({ representations: draft.value.representations.filter((r) => r.key !== key) });
  });

  /** Messages about rows by index no longer match once a row is removed. */
  const dropErrors = (prefix: string) => {
    errors.value = Object.fromEntries(Object.entries(errors.value).filter(([path]) => path !== prefix && !path.startsWith(`${prefix}.`)));
  };

  const addCap = action(() => {
    if (draft.value.caps.length < MAX_CAPS) update({ caps: [...draft.value.caps, newCap()] });
  });
  const updateCap = action((key: number, patch: Partial<CapDraft>) => {
    update({ caps: draft.value.caps.map((c) => (c.key === key ? { ...c, ...patch } : c)) });
  });
  const removeCap = action((key: number) => {
    update({ caps: draft.value.caps.filter((c) => c.key !== key) });
    dropErrors("caps");
  });

  const addAttr = action(() => {
    if (draft.value.attributes.length < MAX_ATTRIBUTES) update({ attributes: [...draft.value.attributes, newAttr()] });
  });
  const updateAttr = action((key: number, patch: Partial<AttrDraft>) => {
    update({ attributes: draft.value.attributes.map((a) => (a.key === key ? { ...a, ...patch } : a)) });
  });
  const removeAttr = action((key: number) => {
    update({ attributes: draft.value.attributes.filter((a) => a.key !== key) });
    dropErrors("attributes");
  });

  /** Saves the draft; resolves to the saved offer, or null when there are messages to show. */
  const save = action(async (sb: string): Promise<Offer | null> => {
    const built = inputFromDraft(draft.value, original.value);
    if (built.errors) {
      errors.value = built.errors;
      formError.value = "The offer was not saved. Fix these fields:";
      return null;
    }
    saving.value = true;
    errors.value = {};
    formError.value = null;
    try {
      const prior = original.value;
      return prior ? await replaceOffer(sb, prior.id, built.input) : await createOffer(sb, built.input);
    } catch (err) {
      if (err instanceof ApiError && err.code === "conflict") errors.value = { id: err.message };
      else if (err instanceof ApiError) errors.value = placeAttributeErrors(err.fieldErrors(), draft.value.attributes);
      formError.value = Object.keys(errors.value).length ? "The offer was not saved. Fix these fields:" : messageOf(err);
      return null;
    } finally {
      saving.value = false;
    }
  });

  return {
    draft, placements, audiences, audiencesError, original, loading, loadError, saving, errors, formError, sampleProfile,
    load, update, updateRep, addRep, removeRep, addCap, updateCap, removeCap, addAttr, updateAttr, removeAttr, save,
  };
});
