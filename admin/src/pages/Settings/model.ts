// The Settings page: the sandbox's settings form and its custom identity namespaces.
import { action, createModel, signal } from "@preact/signals";
import { createNamespace, deleteNamespace, getSettings, listNamespaces, updateSettings } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { NamespaceList, SandboxSettings } from "../../lib/types";

export type SettingsDraft = Omit<SandboxSettings, "anonymousTtlDays"> & { anonymousTtlDays: string };
export type NamespaceDraft = { id: string; name: string };

const draftOf = (s: SandboxSettings): SettingsDraft => ({ ...s, anonymousTtlDays: String(s.anonymousTtlDays) });

type Patch = { patch: Partial<SandboxSettings>; errors?: undefined } | { patch?: undefined; errors: Record<string, string> };

/** Only what changed, so saving one setting never rewrites another someone else just changed. */
export function patchFromDraft(draft: SettingsDraft, current: SandboxSettings): Patch {
  const days = draft.anonymousTtlDays.trim();
  if (!/^\d+$/.test(days)) return { errors: { anonymousTtlDays: "Enter a whole number of days, from 1 to 400." } };
  const next: SandboxSettings = { ...draft, timeZone: draft.timeZone.trim(), anonymousTtlDays: Number(days) };
  const patch: Partial<SandboxSettings> = {};
  for (const key of Object.keys(next) as (keyof SandboxSettings)[]) {
    if (next[key] !== current[key]) Object.assign(patch, { [key]: next[key] });
  }
  return { patch };
}

const emptyNamespace = (): NamespaceDraft => ({ id: "", name: "" });

export const SettingsModel = createModel(() => {
  const current = signal<SandboxSettings | null>(null);
  const draft = signal<SettingsDraft | null>(null);
  const namespaces = signal<NamespaceList | null>(null);
  const loading = signal(true);
  const loadError = signal<string | null>(null);
  const saving = signal(false);
  const errors = signal<Record<string, string>>({});
  const formError = signal<string | null>(null);
  const saved = signal(false);
  const nsDraft = signal<NamespaceDraft>(emptyNamespace());
  const nsErrors = signal<Record<string, string>>({});
  const nsFormError = signal<string | null>(null);
  const nsNotice = signal<string | null>(null);
  let request = 0;

  const load = action(async (sb: string) => {
    const mine = ++request;
    loading.value = true;
    loadError.value = null;
    saved.value = false;
    nsNotice.value = null;
    try {
      const [settings, list] = await Promise.all([getSettings(sb), listNamespaces(sb)]);
      if (mine !== request) return;
      current.value = settings;
      draft.value = draftOf(settings);
      namespaces.value = list;
    } catch (err) {
      if (mine === request) loadError.value = messageOf(err);
    } finally {
      if (mine === request) loading.value = false;
    }
  });

  const update = action((patch: Partial<SettingsDraft>) => {
    if (draft.value) draft.value = { ...draft.value, ...patch };
    saved.value = false;
  });

  const save = action(async (sb: string) => {
    if (!draft.value || !current.value) return;
    errors.value = {};
    formError.value = null;
    saved.value = false;
    const built = patchFromDraft(draft.value, current.value);
    if (built.errors) {
      errors.value = built.errors;
      formError.value = "The settings were not saved. Fix the fields below.";
      return;
    }
    saving.value = true;
    try {
      const settings = await updateSettings(sb, built.patch);
      current.value = settings;
      draft.value = draftOf(settings);
      saved.value = true;
    } catch (err) {
      if (err instanceof ApiError) errors.value = err.fieldErrors();
      formError.value = Object.keys(errors.value).length ? "The settings were not saved. Fix the fields below." : messageOf(err);
    } finally {
      saving.value = false;
    }
  });

  const updateNamespace = action((patch: Partial<NamespaceDraft>) => {
    nsDraft.value = { ...nsDraft.value, ...patch };
  });

  const addNamespace = action(async (sb: string) => {
    nsErrors.value = {};
    nsFormError.value = null;
    nsNotice.value = null;
    try {
      const created = await createNamespace(sb, { id: nsDraft.value.id.trim(), name: nsDraft.value.name.trim() });
      if (namespaces.value) namespaces.value = { ...namespaces.value, items: [...namespaces.value.items, created].sort((a, b) => a.id.localeCompare(b.id)) };
      nsDraft.value = emptyNamespace();
      nsNotice.value = `Namespace ${created.id} added. Publish to accept it at the edge.`;
    } catch (err) {
      // A conflict (taken or built in) is about the id.
      if (err instanceof ApiError) nsErrors.value = err.code === "conflict" ? { id: err.message } : err.fieldErrors();
      nsFormError.value = Object.keys(nsErrors.value).length ? "The namespace was not added. Fix the fields below." : messageOf(err);
    }
  });

  const removeNamespace = action(async (sb: string, id: string) => {
    nsFormError.value = null;
    nsNotice.value = null;
    try {
      await deleteNamespace(sb, id);
      if (namespaces.value) namespaces.value = { ...namespaces.value, items: namespaces.value.items.filter((n) => n.id !== id) };
      nsNotice.value = `Namespace ${id} removed. Publish to apply it at the edge.`;
    } catch (err) {
      nsFormError.value = `Could not remove ${id}: ${messageOf(err)}`;
    }
  });

  return {
    current, draft, namespaces, loading, loadError, saving, errors, formError, saved, nsDraft, nsErrors, nsFormError, nsNotice,
    load, update, save, updateNamespace, addNamespace, removeNamespace,
  };
});

export type SettingsState = InstanceType<typeof SettingsModel>;
