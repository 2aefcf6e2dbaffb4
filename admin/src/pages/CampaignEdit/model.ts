// State of the campaign editor: the draft, the lists its selects choose from, what the server
// said (field errors of a save, problems activating would refuse), the actions on the saved
// campaign, and its runs, read again while any of them is still going.
import { action, computed, createModel, signal } from "@preact/signals";
import {
  activateCampaign, createCampaign, deleteCampaign, getCampaign, getCampaignRun, listAudiences, listDecisions, listTemplates, pauseCampaign, replaceCampaign, sendCampaign,
  testCampaign,
} from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { AudienceSummary, Campaign, CampaignRun, Decision, FieldProblem, MessageTemplate } from "../../lib/types";
import { type CampaignDraft, draftFromCampaign, emptyCampaignDraft, errorsByField, inputFromDraft } from "./draft";

export type Busy = "saving" | "activating" | "pausing" | "sending" | "testing" | null;

/** The campaign as it would be sent, to tell saved from unsaved. */
const sendable = (d: CampaignDraft) => {
  const { input } = inputFromDraft(d);
  if (!input) return JSON.stringify(d);
  const { id: _id, ...body } = input;
  return JSON.stringify(body);
};

/** Whether a run may still change: its audience is being read or its messages sent. */
export const isRunning = (r: CampaignRun) => r.state === "reading audience" || r.state === "sending";

/** Lists a select needs; one that fails leaves the others usable and says why. */
function optional<T>(pending: Promise<T[]>, error: { value: string | null }): Promise<T[]> {
  return pending.catch((err: unknown) => {
    error.value = messageOf(err);
    return [];
  });
}

export const CampaignEditModel = createModel((sandbox: string, id?: string) => {
  const loading = signal(true);
  const loadError = signal<string | null>(null);
  const original = signal<Campaign | null>(null);
  const runs = signal<CampaignRun[]>([]);
  const templates = signal<MessageTemplate[]>([]);
  const decisions = signal<Decision[]>([]);
  const audiences = signal<AudienceSummary[]>([]);
  const listsError = signal<string | null>(null);
  const draft = signal<CampaignDraft>(emptyCampaignDraft());
  const savedKey = signal<string | null>(null);
  const busy = signal<Busy>(null);
  /** Messages of a refused save or action, by field. */
  const errors = signal<Record<string, string>>({});
  /** What activating the saved campaign would refuse, by field. */
  const problems = signal<Record<string, string>>({});
  const formError = signal<string | null>(null);
  /** What the last action did. */
  const outcome = signal<string | null>(null);
  const deleteError = signal<string | null>(null);
  const testSent = signal<string | null>(null);
  const testError = signal<string | null>(null);
  const pollError = signal<string | null>(null);

  const dirty = computed(() => savedKey.value === null || sendable(draft.value) !== savedKey.value);
  /** The API refuses changes to an active or completed campaign. */
  const locked = computed(() => original.value?.status === "active" || original.value?.status === "completed");
  const running = computed(() => runs.value.some(isRunning));

  const showProblems = (list: readonly FieldProblem[]) => {
    problems.value = errorsByField(list, draft.value);
  };

  const load = action(async () => {
    loading.value = true;
    loadError.value = null;
    listsError.value = null;
    try {
      const [t, d, a, detail] = await Promise.all([
        optional(listTemplates(sandbox), listsError),
        optional(listDecisions(sandbox), listsError),
        optional(listAudiences(sandbox), listsError),
        id ? getCampaign(sandbox, id) : Promise.resolve(null),
      ]);
      templates.value = t;
      decisions.value = d;
      audiences.value = a;
      if (detail) {
        original.value = detail.campaign;
        runs.value = detail.runs;
        draft.value = draftFromCampaign(detail.campaign);
        savedKey.value = sendable(draft.value);
        showProblems(detail.problems);
      } else {
        const first = t.find((x) => x.channel === draft.value.channel);
        draft.value = { ...draft.value, template: first?.id ?? "", audience: a[0]?.id ?? "" };
      }
    } catch (err) {
      loadError.value = messageOf(err);
    } finally {
      loading.value = false;
    }
  });

  const update = action((patch: Partial<CampaignDraft>) => {
    draft.value = { ...draft.value, ...patch };
  });

  /** Shows a refused call: its messages beside their fields, and a line for the summary. */
  const refused = (err: unknown, what: string) => {
    const byField = err instanceof ApiError ? errorsByField(err.details, draft.value) : {};
    errors.value = byField;
    formError.value = Object.keys(byField).length ? `${what} ${messageOf(err)}:` : `${what} ${messageOf(err)}`;
  };

  const clearMessages = () => {
    errors.value = {};
    formError.value = null;
    outcome.value = null;
  };

  /** Saves; resolves to the stored campaign, or null when there are messages to show. */
  const save = action(async (): Promise<Campaign | null> => {
    clearMessages();
    const sent = draft.value;
    const built = inputFromDraft(sent);
    if (built.errors) {
      errors.value = built.errors;
      formError.value = "The campaign was not saved. Fix these fields:";
      return null;
    }
    busy.value = "saving";
    try {
      const prior = original.value;
      let answer;
      if (prior) {
        const { id: _id, ...body } = built.input;
        answer = await replaceCampaign(sandbox, prior.id, body);
      } else answer = await createCampaign(sandbox, built.input);
      original.value = answer.campaign;
      draft.value = { ...draft.value, id: answer.campaign.id };
      savedKey.value = sendable(sent);
      showProblems(answer.problems);
      outcome.value = `Campaign ${answer.campaign.id} saved.`;
      return answer.campaign;
    } catch (err) {
      refused(err, "The campaign was not saved.");
      return null;
    } finally {
      busy.value = null;
    }
  });

  /** The saved campaign, saving the form first when it has changes that can be saved. */
  const saved = async (): Promise<Campaign | null> => (dirty.value && !locked.value ? save() : original.value);

  /** One action on the saved campaign: its refusal shown like a save's, its outcome said. */
  const perform = async (kind: Exclude<Busy, null>, refusal: string, run: () => Promise<string>) => {
    clearMessages();
    busy.value = kind;
    try {
      outcome.value = await run();
    } catch (err) {
      refused(err, refusal);
    } finally {
      busy.value = null;
    }
  };

  const activate = action(async () => {
    const c = await saved();
    if (!c) return;
    await perform("activating", "The campaign was not activated.", async () => {
      original.value = await activateCampaign(sandbox, c.id);
      problems.value = {};
      return c.kind === "api" ? "Active: its trigger API sends it now." : c.schedule ? "Active: it is sent on its schedule." : "Active: press Send now to send it.";
    });
  });

  const pause = action(async () => {
    const c = original.value;
    if (!c) return;
    await perform("pausing", "The campaign was not paused.", async () => {
      original.value = await pauseCampaign(sandbox, c.id);
      return "Paused: nothing more is sent until it is activated again. It can be edited now.";
    });
  });

  const sendNow = action(async () => {
    const c = await saved();
    if (!c) return;
    await perform("sending", "The campaign was not sent.", async () => {
      const run = await sendCampaign(sandbox, c.id);
      runs.value = [run, ...runs.value.filter((r) => r.id !== run.id)];
      return "Sending: the run below follows its progress.";
    });
  });

  const remove = action(async (): Promise<boolean> => {
    const c = original.value;
    if (!c) return false;
    deleteError.value = null;
    try {
      await deleteCampaign(sandbox, c.id);
      return true;
    } catch (err) {
      deleteError.value = messageOf(err);
      return false;
    }
  });

  const sendTest = action(async (profileId: string) => {
    testSent.value = null;
    testError.value = null;
    if (!profileId.trim()) {
      testError.value = "Type the id of the profile to send the test to.";
      return;
    }
    const c = await saved();
    if (!c) return;
    busy.value = "testing";
    try {
      testSent.value = await testCampaign(sandbox, c.id, profileId.trim());
    } catch (err) {
      testError.value = messageOf(err);
    } finally {
      busy.value = null;
    }
  });

  let polling = false;
  /** Reads every run still going once more; a failed read is said and tried again next time. */
  const refreshRuns = action(async () => {
    const c = original.value;
    if (!c || polling) return;
    polling = true;
    try {
      const fresh = await Promise.all(runs.value.filter(isRunning).map((r) => getCampaignRun(sandbox, c.id, r.id)));
      const byId = new Map(fresh.map((r) => [r.id, r]));
      runs.value = runs.value.map((r) => byId.get(r.id) ?? r);
      pollError.value = null;
    } catch (err) {
      pollError.value = messageOf(err);
    } finally {
      polling = false;
    }
  });

  return {
    loading, loadError, original, runs, templates, decisions, audiences, listsError, draft, dirty, locked, running, busy, errors, problems, formError, outcome, deleteError,
    testSent, testError, pollError, load, update, save, activate, pause, sendNow, remove, sendTest, refreshRuns,
  };
});

export type CampaignEditState = InstanceType<typeof CampaignEditModel>;
