// State of the collection editor: name, id, match and tags, the offers those tags select (live,
// from the sandbox's offers), and what the server said about the last save or delete.
import { action, computed, createModel, signal } from "@preact/signals";
import { createCollection, deleteCollection, getCollection, listOffers, replaceCollection } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { Collection, Offer } from "../../lib/types";
import { addTags, type Match, removeTag, selectedOffers, tagSuggestions } from "./tags";

export type CollectionFields = { id: string; name: string; match: Match; tags: string[] };

export const CollectionEditModel = createModel((sandbox: string, id?: string) => {
  const loading = signal(true);
  const loadError = signal<string | null>(null);
  const original = signal<Collection | null>(null);
  const offers = signal<Offer[]>([]);
  const fields = signal<CollectionFields>({ id: "", name: "", match: "any", tags: [] });
  const saving = signal(false);
  const errors = signal<Record<string, string>>({});
  const formError = signal<string | null>(null);
  /** A refused delete: the message (naming the decisions using it) and the server's advice. */
  const deleteError = signal<{ message: string; inUse: boolean; advice: string[] } | null>(null);

  const selected = computed(() => selectedOffers(offers.value, fields.value.match, fields.value.tags));
  const suggestions = computed(() => tagSuggestions(offers.value, fields.value.tags));

  const load = action(async () => {
    loading.value = true;
    loadError.value = null;
    try {
      const [list, detail] = await Promise.all([listOffers(sandbox), id ? getCollection(sandbox, id) : Promise.resolve(null)]);
      offers.value = list;
      original.value = detail?.collection ?? null;
      if (detail) fields.value = { id: detail.collection.id, name: detail.collection.name, match: detail.collection.match, tags: [...detail.collection.tags] };
    } catch (err) {
      loadError.value = messageOf(err);
    } finally {
      loading.value = false;
    }
  });

  const update = action((patch: Partial<CollectionFields>) => {
    fields.value = { ...fields.value, ...patch };
  });
  const addTag = action((typed: string) => update({ tags: addTags(fields.value.tags, typed) }));
  const dropTag = action((tag: string) => update({ tags: removeTag(fields.value.tags, tag) }));

  const save = action(async (): Promise<Collection | null> => {
    errors.value = {};
    formError.value = null;
    const { name, match, tags } = fields.value;
    const input = { name: name.trim(), match, tags };
    const newId = fields.value.id.trim();
    saving.value = true;
    try {
      const prior = original.value;
      return prior ? await replaceCollection(sandbox, prior.id, input) : await createCollection(sandbox, { ...input, ...(newId ? { id: newId } : {}) });
    } catch (err) {
      if (err instanceof ApiError) errors.value = err.fieldErrors();
      formError.value = Object.keys(errors.value).length ? "The collection was not saved. Fix the fields below." : messageOf(err);
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
      await deleteCollection(sandbox, prior.id);
      return true;
    } catch (err) {
      const inUse = err instanceof ApiError && err.code === "in_use";
      deleteError.value = { message: messageOf(err), inUse, advice: inUse ? (err as ApiError).details.map((d) => d.message) : [] };
      return false;
    }
  });

  return { loading, loadError, original, offers, fields, saving, errors, formError, deleteError, selected, suggestions, load, update, addTag, dropTag, save, remove };
});
