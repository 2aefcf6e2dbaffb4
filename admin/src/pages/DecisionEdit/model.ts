// State of the decision editor: the draft (placements, each with ordered criteria), the lists
// its selects choose from, what the server said about the last save, and the simulator.
import { action, computed, createModel, signal } from "@preact/signals";
import {
  createDecision, deleteDecision, getDecision, listAudiences, listCollections, listNamespaces, listOffers, listPlacements, replaceDecision, simulateDecision,
} from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { AudienceSummary, CollectionSummary, Decision, NamespaceList, Offer, Placement, Simulation } from "../../lib/types";
import {
  type CriterionDraft, type DecisionDraft, type EntryDraft, MAX_CRITERIA, MAX_PLACEMENTS, draftFromDecision, emptyDecisionDraft, inputFromDecisionDraft, keyErrors, moveItem,
  newCriterion, newEntry,
} from "./draft";
import { emptySimDraft, readSimDraft, type SimDraft, type SimField, simFieldOf } from "./simulate-input";

/** The decision as it would be sent, to tell saved from unsaved. */
const sendable = (d: DecisionDraft) => {
  const built = inputFromDecisionDraft(d);
  return JSON.stringify(built.input ?? d);
};

export const DecisionEditModel = createModel((sandbox: string, id?: string) => {
  const loading = signal(true);
  const loadError = signal<string | null>(null);
  const original = signal<Decision | null>(null);
  const placements = signal<Placement[]>([]);
  const collections = signal<CollectionSummary[]>([]);
  const offers = signal<Offer[]>([]);
  const audiences = signal<AudienceSummary[]>([]);
  const audiencesError = signal<string | null>(null);
  const namespaces = signal<NamespaceList | null>(null);
  const draft = signal<DecisionDraft>(emptyDecisionDraft([], []));
  const savedKey = signal<string | null>(null);
  const saving = signal(false);
  /** Messages by row key (`C7.ranking.formula`) or top-level field (`name`). */
  const errors = signal<Record<string, string>>({});
  const formError = signal<string | null>(null);
  const deleteError = signal<string | null>(null);
  /** What the last move did, for the polite live region. */
  const announcement = signal("");
  /** Whether a save succeeded on this page. */
  const savedHere = signal(false);

  const dirty = computed(() => savedKey.value !== null && sendable(draft.value) !== savedKey.value);

  const load = action(async () => {
    loading.value = true;
    loadError.value = null;
    try {
      audiencesError.value = null;
      const listed = listAudiences(sandbox).catch((err: unknown) => {
        audiencesError.value = messageOf(err);
        return [];
      });
      const [places, colls, offerList, groups, decision] = await Promise.all([
        listPlacements(sandbox), listCollections(sandbox), listOffers(sandbox), listed, id ? getDecision(sandbox, id) : Promise.resolve(null),
      ]);
      placements.value = places;
      collections.value = colls;
      offers.value = offerList;
      audiences.value = groups;
      original.value = decision;
      draft.value = decision ? draftFromDecision(decision) : emptyDecisionDraft(places, colls);
      savedKey.value = decision ? sendable(draft.value) : null;
      // For the simulator's identity namespaces; the built-in ones do without.
      listNamespaces(sandbox).then((n) => (namespaces.value = n), () => {});
    } catch (err) {
      loadError.value = messageOf(err);
    } finally {
      loading.value = false;
    }
  });

  const update = action((patch: Partial<DecisionDraft>) => {
    draft.value = { ...draft.value, ...patch };
  });

  const mapEntries = (change: (e: EntryDraft) => EntryDraft) => update({ placements: draft.value.placements.map(change) });

  const updateEntry = action((key: number, patch: Partial<EntryDraft>) => mapEntries((e) => (e.key === key ? { ...e, ...patch } : e)));

  /** Adds the first placement the decision does not fill yet, with one criterion. */
  const addEntry = action(() => {
    if (draft.value.placements.length >= MAX_PLACEMENTS) return;
    const used = new Set(draft.value.placements.map((e) => e.placement));
    const free = placements.value.find((p) => !used.has(p.id));
    update({ placements: [...draft.value.placements, newEntry(free?.id ?? "", collections.value[0]?.id ?? "")] });
  });

  const removeEntry = action((key: number) => update({ placements: draft.value.placements.filter((e) => e.key !== key) }));

  const updateCriterion = action((entryKey: number, key: number, patch: Partial<CriterionDraft>) =>
    mapEntries((e) => (e.key === entryKey ? { ...e, criteria: e.criteria.map((c) => (c.key === key ? { ...c, ...patch } : c)) } : e)),
  );

  const addCriterion = action((entryKey: number) =>
    mapEntries((e) => (e.key === entryKey && e.criteria.length < MAX_CRITERIA ? { ...e, criteria: [...e.criteria, newCriterion(collections.value[0]?.id ?? "")] } : e)),
  );

  const removeCriterion = action((entryKey: number, key: number) =>
    mapEntries((e) => (e.key === entryKey && e.criteria.length > 1 ? { ...e, criteria: e.criteria.filter((c) => c.key !== key) } : e)),
  );

  /** Moves a criterion one place up (−1) or down (+1) and says where it went. */
  const moveCriterion = action((entryKey: number, key: number, delta: -1 | 1) => {
    mapEntries((e) => {
      if (e.key !== entryKey) return e;
      const from = e.criteria.findIndex((c) => c.key === key);
      const moved = moveItem(e.criteria, from, delta);
      const to = moved.findIndex((c) => c.key === key);
      if (to !== from) announcement.value = `Criterion moved to position ${to + 1} of ${moved.length} in ${e.placement || "this placement"}.`;
      return { ...e, criteria: moved };
    });
  });

  /** Saves; resolves to the stored decision, or null when there are messages to show. */
  const save = action(async (): Promise<Decision | null> => {
    errors.value = {};
    formError.value = null;
    const sent = draft.value;
    const built = inputFromDecisionDraft(sent);
    if (built.errors) {
      errors.value = built.errors;
      formError.value = "The decision was not saved. Fix these fields:";
      return null;
    }
    saving.value = true;
    try {
      const prior = original.value;
      let saved: Decision;
      if (prior) {
        const { id: _id, ...body } = built.input;
        saved = await replaceDecision(sandbox, prior.id, body);
      } else saved = await createDecision(sandbox, built.input);
      original.value = saved;
      savedKey.value = sendable(sent);
      savedHere.value = true;
      return saved;
    } catch (err) {
      if (err instanceof ApiError) errors.value = keyErrors(err.fieldErrors(), sent);
      formError.value = Object.keys(errors.value).length ? `The decision was not saved. ${messageOf(err)}:` : messageOf(err);
      return null;
    } finally {
      saving.value = false;
    }
  });

  const remove = action(async (): Promise<boolean> => {
    const prior = original.value;
    if (!prior) return false;
    deleteError.value = null;
    try {
      await deleteDecision(sandbox, prior.id);
      return true;
    } catch (err) {
      deleteError.value = messageOf(err);
      return false;
    }
  });

  // The simulator: runs the saved decision for one person.
  const sim = signal<SimDraft>(emptySimDraft());
  const simResult = signal<Simulation | null>(null);
  const simError = signal<string | null>(null);
  const simField = signal<{ field: SimField; message: string } | null>(null);
  const simulating = signal(false);
  /** Whether the result was run on a decision since changed in the form. */
  const simStale = signal(false);

  const updateSim = action((patch: Partial<SimDraft>) => {
    sim.value = { ...sim.value, ...patch };
  });

  const simulate = action(async () => {
    const prior = original.value;
    if (!prior) return;
    simError.value = null;
    simField.value = null;
    const read = readSimDraft(sim.value);
    if (!read.ok) {
      simField.value = { field: read.field, message: read.message };
      return;
    }
    simulating.value = true;
    try {
      simResult.value = await simulateDecision(sandbox, prior.id, read.input);
      simStale.value = dirty.value;
    } catch (err) {
      simResult.value = null;
      const detail = err instanceof ApiError ? err.details.find((d) => simFieldOf(d.path)) : undefined;
      if (detail) simField.value = { field: simFieldOf(detail.path)!, message: detail.message };
      simError.value = messageOf(err);
    } finally {
      simulating.value = false;
    }
  });

  return {
    loading, loadError, original, placements, collections, offers, audiences, audiencesError, namespaces, draft, dirty, saving, errors, formError, deleteError,
    announcement, savedHere, load, update, updateEntry, addEntry, removeEntry, updateCriterion, addCriterion, removeCriterion, moveCriterion, save, remove,
    sim, simResult, simError, simField, simulating, simStale, updateSim, simulate,
  };
});

export type DecisionEditState = InstanceType<typeof DecisionEditModel>;
