// State of the audience editor: the fields, the rule (builder and JSON), the live estimate, the
// test panel, and what the server said about the last save or delete.
import { action, computed, createModel, effect, signal } from "@preact/signals";
import { createAudience, deleteAudience, downloadMembers, getAudience, listAudiences, replaceAudience } from "../../lib/api";
import { ApiError, type FieldIssue, messageOf } from "../../lib/api-error";
import { saveBlob } from "../../lib/download";
import type { Audience, AudienceSummary } from "../../lib/types";
import { liveEstimate } from "./estimate";
import { pathInRule } from "./issues";
import { ruleEditor } from "./rule-editor";
import { ruleTester } from "./tester";

export type AudienceFields = { id: string; name: string; description: string };

export const AudienceEditModel = createModel((sandbox: string, id?: string) => {
  const loading = signal(true);
  const loadError = signal<string | null>(null);
  const original = signal<Audience | null>(null);
  /** The sandbox's other audiences, for "is in audience" conditions. */
  const others = signal<AudienceSummary[]>([]);
  const fields = signal<AudienceFields>({ id: "", name: "", description: "" });
  const rule = ruleEditor();
  const estimate = liveEstimate({ sandbox, audienceId: id, current: rule.current, currentKey: rule.currentKey, enabled: computed(() => !loading.value && !loadError.value) });
  const tester = ruleTester(rule.current, rule.currentKey);

  const saving = signal(false);
  const formError = signal<string | null>(null);
  /** Server messages about the name, id and description. */
  const errors = signal<Record<string, string>>({});
  /** Server messages about the rule from the last save, by path inside the rule. */
  const saveIssues = signal<FieldIssue[]>([]);
  const deleteError = signal<{ message: string; uses: string[] } | null>(null);
  const downloadError = signal<string | null>(null);
  const isListAudience = computed(() => original.value?.kind === "list");

  // A message about the rule as it was saved no longer applies once it changes.
  effect(() => {
    void rule.currentKey.value;
    saveIssues.value = [];
  });

  /** The messages to show beside the rule: the last save's, else the live estimate's. */
  const ruleIssues = computed(() => (saveIssues.value.length ? saveIssues.value : estimate.issues.value));

  const load = action(async () => {
    loading.value = true;
    loadError.value = null;
    try {
      const [list, audience] = await Promise.all([listAudiences(sandbox), id ? getAudience(sandbox, id) : Promise.resolve(null)]);
      others.value = list.filter((a) => a.id !== id);
      original.value = audience;
      if (audience) {
        fields.value = { id: audience.id, name: audience.name, description: audience.description ?? "" };
        rule.reset(audience.rule);
      }
    } catch (err) {
      loadError.value = messageOf(err);
    } finally {
      loading.value = false;
    }
  });

  const update = action((patch: Partial<AudienceFields>) => {
    fields.value = { ...fields.value, ...patch };
  });

  /** Saves; resolves to the stored audience, or null when there are messages to show. */
  const save = action(async (): Promise<Audience | null> => {
    errors.value = {};
    saveIssues.value = [];
    formError.value = null;
    const current = rule.current.value;
    if (!current.ok) {
      formError.value = `The audience was not saved. ${current.message}`;
      return null;
    }
    const { name, description } = fields.value;
    const input = { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), rule: current.rule };
    const newId = fields.value.id.trim();
    saving.value = true;
    try {
      const prior = original.value;
      return prior ? await replaceAudience(sandbox, prior.id, input) : await createAudience(sandbox, { ...input, ...(newId ? { id: newId } : {}) });
    } catch (err) {
      if (!(err instanceof ApiError) || !err.details.length) {
        formError.value = messageOf(err);
        return null;
      }
      const about = err.details.map((d) => ({ ...d, inRule: pathInRule(d.path) }));
      saveIssues.value = about.flatMap((d) => (d.inRule === null ? [] : [{ path: d.inRule, message: d.message }]));
      errors.value = Object.fromEntries(about.filter((d) => d.inRule === null).map((d) => [d.path, d.message]));
      formError.value = `The audience was not saved. ${err.message}.`;
      return null;
    } finally {
      saving.value = false;
    }
  });

  /** Deletes; false with the reason (such as the offers still using it) when refused. */
  const remove = action(async (): Promise<boolean> => {
    const prior = original.value;
    if (!prior) return false;
    deleteError.value = null;
    try {
      await deleteAudience(sandbox, prior.id);
      return true;
    } catch (err) {
      const uses = err instanceof ApiError && err.code === "in_use" ? err.details.map((d) => d.message) : [];
      deleteError.value = { message: messageOf(err), uses };
      return false;
    }
  });

  const downloadCsv = action(async () => {
    const prior = original.value;
    if (!prior) return;
    downloadError.value = null;
    try {
      saveBlob(await downloadMembers(sandbox, prior.id), `${prior.id}-members.csv`);
    } catch (err) {
      downloadError.value = messageOf(err);
    }
  });

  return {
    loading, loadError, original, others, fields, rule, estimate, tester, saving, formError, errors, ruleIssues, deleteError, downloadError,
    isListAudience, load, update, save, remove, downloadCsv,
  };
});

export type AudienceEditState = InstanceType<typeof AudienceEditModel>;
