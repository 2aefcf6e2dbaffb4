// State of the journey editor: the draft definition being edited (every change goes through
// graph.ts), what is selected on the canvas, the problems pinned to nodes (the editor's own and
// the API's from the last save or publish), the versions, the live counts (read every few
// seconds while a version is published) and test mode.
import { action, computed, createModel, effect, signal } from "@preact/signals";
import { deleteJourney, getJourney, journeyStats, listAudiences, listJourneys, publishJourney, runJourney, saveJourney, stopJourney, validateJourney } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type {
  AudienceSummary, FieldProblem, Journey, JourneyDefinition, JourneyDetail, JourneyNode, JourneyStats, JourneySummary, JourneyVersion, JourneyVersionSummary, NodePosition,
  NodeType,
} from "../../lib/types";
import { canonical, cleanDefinition, normalizeDefinition, sameDefinition, starterDefinition } from "./definition";
import {
  ENTRY, type EdgeRef, describeRef, drawnEdges, moveNode as moveIn, placeAll, removeNode as removeFrom, renameNode as renameIn, setEdge, updateNode as updateIn,
} from "./graph";
import { focusAfterRemoval } from "./keyboard";
import { addAfter } from "./insert";
import { autoLayout, layoutOf } from "./layout";
import { definitionPath, nodeOfPath, pinProblems, unconnected } from "./problems";
import { testRunner } from "./tester";

export const STATS_EVERY_MS = 3000;

type Notice = { kind: "ok" | "error" | "info"; text: string };
/** What the last removal took away, to put back with Undo. */
type Removal = { id: string; before: JourneyDefinition; cleared: EdgeRef[] };

export const JourneyEditModel = createModel((sandbox: string, id: string) => {
  const loading = signal(true);
  const loadError = signal<string | null>(null);
  const journey = signal<Journey | null>(null);
  const versions = signal<JourneyVersionSummary[]>([]);
  const live = signal<JourneyVersion | null>(null);
  /** The stored draft's version; null while the journey has none (its live version is edited). */
  const draftVersion = signal<number | null>(null);

  const name = signal("");
  const description = signal("");
  const definition = signal<JourneyDefinition>(starterDefinition("page.view"));
  const savedKey = signal("");
  const currentKey = computed(() => canonical({ name: name.value, description: description.value, definition: cleanDefinition(definition.value) }));
  const dirty = computed(() => !loading.value && currentKey.value !== savedKey.value);

  /** A node id, ENTRY (the journey's settings), or nothing. */
  const selected = signal<string | null>(null);
  /** A node the canvas should move the keyboard focus to after its next render. */
  const focusRequest = signal<{ id: string } | null>(null);
  /** An edge whose field the panel should focus (after a click on the edge). */
  const edgeRequest = signal<EdgeRef | null>(null);
  /** A request for the panel to take focus (Enter on a box). */
  const panelRequest = signal(0);
  const viewLive = signal(false);

  const serverProblems = signal<FieldProblem[]>([]);
  /** JSON boxes whose text does not parse, by path: nothing is saved while there are any. */
  const jsonErrors = signal<Record<string, string>>({});
  const localProblems = computed((): FieldProblem[] => [...unconnected(definition.value), ...Object.entries(jsonErrors.value).map(([path, message]) => ({ path, message }))]);
  /** What stops a save: JSON that does not parse, and no start node. Edges not yet connected are saved as such. */
  const blocking = computed(() => localProblems.value.filter((p) => p.path === "start" || p.path in jsonErrors.value));
  const problems = computed(() => {
    const nodes = definition.value.nodes;
    // The API's problems about nodes removed since are gone with them, and so are its loose
    // edges connected since (the editor's own check says what is still loose).
    const loose = new Set(unconnected(definition.value).map((p) => p.path));
    const server = serverProblems.value.filter((p) => {
      const at = nodeOfPath(p.path);
      if (at && nodes[at.node] === undefined) return false;
      return !(loose.has(p.path) || (p.message === "Connect this edge to a node" && !loose.has(p.path)));
    });
    return [...localProblems.value, ...server];
  });
  const pinned = computed(() => pinProblems(problems.value, Object.keys(definition.value.nodes)));
  /** Set by a save or publish attempt: the message over the problem list. */
  const outcome = signal<Notice | null>(null);
  const busy = signal<null | "saving" | "publishing" | "stopping" | "deleting" | "running">(null);
  const announcement = signal("");
  const lastRemoval = signal<Removal | null>(null);

  const stats = signal<JourneyStats | null>(null);
  const statsAt = signal<number | null>(null);
  const statsError = signal<string | null>(null);
  const journeys = signal<JourneySummary[]>([]);
  const audiences = signal<AudienceSummary[]>([]);

  const liveSummary = computed(() => versions.value.find((v) => v.status === "live") ?? null);
  const published = computed(() => versions.value.some((v) => v.status === "live" || v.status === "stopped"));
  const liveDiffers = computed(() => live.value !== null && !sameDefinition(live.value.definition, definition.value));
  const readOnly = computed(() => viewLive.value && live.value !== null);
  /** What the canvas draws: the draft, or the live version read-only. */
  const shown = computed(() => (readOnly.value ? live.value!.definition : definition.value));

  function apply(detail: JourneyDetail) {
    journey.value = detail.journey;
    versions.value = detail.versions;
    live.value = detail.live ? { ...detail.live, definition: normalizeDefinition(detail.live.definition) } : null;
    draftVersion.value = detail.draft?.version ?? null;
    if (!live.value) viewLive.value = false;
  }

  function markSaved() {
    savedKey.value = currentKey.value;
  }

  const load = action(async () => {
    loading.value = true;
    loadError.value = null;
    try {
      const detail = await getJourney(sandbox, id);
      apply(detail);
      name.value = detail.journey.name;
      description.value = detail.journey.description ?? "";
      const stored = detail.draft?.definition ?? detail.live?.definition;
      definition.value = stored ? normalizeDefinition(stored) : starterDefinition("page.view");
      markSaved();
      // The selects of jump nodes and audiences; the editor works without them.
      listJourneys(sandbox).then((items) => (journeys.value = items), () => {});
      listAudiences(sandbox).then((items) => (audiences.value = items), () => {});
    } catch (err) {
      loadError.value = messageOf(err);
    } finally {
      loading.value = false;
    }
  });

  /** Re-reads versions and the live definition, keeping the edits. */
  async function refreshDetail() {
    apply(await getJourney(sandbox, id));
  }

  const edit = (change: (def: JourneyDefinition) => JourneyDefinition) => {
    if (readOnly.value) return;
    definition.value = change(definition.value);
  };

  const select = action((node: string | null) => {
    selected.value = node;
  });

  const focusNode = action((node: string) => {
    selected.value = node;
    focusRequest.value = { id: node };
  });

  const openPanel = action(() => {
    panelRequest.value++;
  });

  /** Adds a node after the selected one (see insert.ts), or free when nothing is selected. */
  const addNode = action((type: NodeType): string | null => {
    if (readOnly.value) return null;
    const before = definition.value;
    const added = addAfter(before, layoutOf(before), selected.value, type);
    definition.value = added.definition;
    announcement.value = added.before
      ? `Added ${added.id} between ${describeRef(before, added.joined!)} and ${added.before}.`
      : added.joined
        ? `Added ${added.id}, connected from ${describeRef(before, added.joined)}.`
        : `Added ${added.id}, not connected yet: connect it from its panel.`;
    focusNode(added.id);
    return added.id;
  });

  const removeNode = action((node: string) => {
    if (readOnly.value || node === ENTRY || !definition.value.nodes[node]) return;
    const before = definition.value;
    const order = [ENTRY, ...Object.keys(before.nodes)];
    const nextFocus = focusAfterRemoval(drawnEdges(before), order, node);
    const { definition: next, cleared } = removeFrom(before, node);
    definition.value = next;
    clearJsonErrors(node);
    lastRemoval.value = { id: node, before, cleared };
    announcement.value = cleared.length
      ? `Removed ${node}. ${cleared.length === 1 ? "One edge now leads" : `${cleared.length} edges now lead`} nowhere: ${cleared.map((r) => describeRef(next, r)).join(", ")}.`
      : `Removed ${node}.`;
    if (nextFocus) focusNode(nextFocus);
    else selected.value = null;
  });

  const undoRemoval = action(() => {
    const r = lastRemoval.value;
    if (!r || readOnly.value) return;
    definition.value = r.before;
    lastRemoval.value = null;
    announcement.value = `Put back ${r.id}.`;
    focusNode(r.id);
  });

  const connect = action((ref: EdgeRef, to: string) => {
    edit((def) => setEdge(def, ref, to));
    if (to) announcement.value = `${describeRef(definition.value, ref)} now leads to ${to}.`;
  });

  const moveNode = action((node: string, position: NodePosition) => {
    if (node === ENTRY) return;
    edit((def) => moveIn(def, node, position));
  });

  const updateNode = action((node: string, value: JourneyNode) => edit((def) => updateIn(def, node, value)));

  const renameNode = action((from: string, to: string): string | null => {
    if (readOnly.value) return null;
    const result = renameIn(definition.value, from, to);
    if (!result.ok) return result.message;
    definition.value = result.definition;
    clearJsonErrors(from);
    serverProblems.value = serverProblems.value.filter((p) => nodeOfPath(p.path)?.node !== from);
    selected.value = to;
    announcement.value = `Renamed ${from} to ${to}.`;
    return null;
  });

  const updateSettings = action((patch: Partial<JourneyDefinition>) => edit((def) => ({ ...def, ...patch })));

  /** Lays every node out again from the start. */
  const tidy = action(() => {
    edit((def) => placeAll(def, autoLayout(def)));
    announcement.value = "Laid out the journey again.";
  });

  const setJsonError = action((path: string, message: string | null) => {
    const { [path]: _, ...rest } = jsonErrors.value;
    jsonErrors.value = message ? { ...rest, [path]: message } : rest;
  });

  function clearJsonErrors(node: string) {
    const prefix = `nodes.${node}.`;
    jsonErrors.value = Object.fromEntries(Object.entries(jsonErrors.value).filter(([p]) => !p.startsWith(prefix)));
  }

  /** Saves the draft; false when it could not be saved. Graph problems do not stop a save. */
  const save = action(async (): Promise<boolean> => {
    if (blocking.value.length) {
      outcome.value = { kind: "error", text: "The draft was not saved. Fix these first:" };
      return false;
    }
    busy.value = "saving";
    const sent = { name: name.value, description: description.value || null, definition: cleanDefinition(definition.value) };
    const key = currentKey.value;
    try {
      const answer = await saveJourney(sandbox, id, sent);
      // A sound graph is also checked against the sandbox (audiences, journeys to jump to), as publishing will.
      const problems = answer.problems.length ? answer.problems : ((await validateJourney(sandbox, id).catch(() => null))?.problems ?? []);
      serverProblems.value = problems;
      savedKey.value = key;
      draftVersion.value = answer.draft.version;
      journey.value = answer.journey;
      outcome.value = problems.length
        ? { kind: "error", text: `Draft v${answer.draft.version} saved. Fix these before publishing:` }
        : { kind: "ok", text: `Draft v${answer.draft.version} saved. It can be published.` };
      await refreshDetail().catch(() => {});
      return true;
    } catch (err) {
      serverProblems.value = err instanceof ApiError ? err.details.map((d) => ({ path: definitionPath(d.path), message: d.message })) : [];
      outcome.value = { kind: "error", text: `The draft was not saved. ${messageOf(err)}${serverProblems.value.length ? ":" : ""}` };
      return false;
    } finally {
      busy.value = null;
    }
  });

  /** Saves what is unsaved, then makes the draft the live version. */
  const publish = action(async (): Promise<boolean> => {
    if ((dirty.value || draftVersion.value === null) && !(await save())) return false;
    busy.value = "publishing";
    try {
      const { version } = await publishJourney(sandbox, id);
      serverProblems.value = [];
      await refreshDetail().catch(() => {});
      outcome.value = { kind: "ok", text: `Version ${version} is live. New entries start in it; profiles already inside finish the version they are in.` };
      void refreshStats();
      return true;
    } catch (err) {
      serverProblems.value = err instanceof ApiError ? err.details.map((d) => ({ path: definitionPath(d.path), message: d.message })) : [];
      outcome.value = { kind: "error", text: `Not published. ${messageOf(err)}${serverProblems.value.length ? ":" : ""}` };
      return false;
    } finally {
      busy.value = null;
    }
  });

  const stop = action(async (): Promise<boolean> => {
    busy.value = "stopping";
    try {
      const { version } = await stopJourney(sandbox, id);
      await refreshDetail().catch(() => {});
      outcome.value = { kind: "ok", text: `Version ${version} is stopped: no new entries; profiles inside finish it.` };
      return true;
    } catch (err) {
      outcome.value = { kind: "error", text: `Not stopped. ${messageOf(err)}` };
      return false;
    } finally {
      busy.value = null;
    }
  });

  /** A live read-audience journey, run now besides its schedule. */
  const runNow = action(async () => {
    busy.value = "running";
    try {
      const run = await runJourney(sandbox, id);
      outcome.value = run.started
        ? { kind: "ok", text: `Read the audience: ${run.profiles} ${run.profiles === 1 ? "profile enters" : "profiles enter"} live v${run.version}.` }
        : { kind: "info", text: "A run for this moment has started already." };
    } catch (err) {
      outcome.value = { kind: "error", text: `Not run. ${messageOf(err)}` };
    } finally {
      busy.value = null;
    }
  });

  const remove = action(async (): Promise<boolean> => {
    busy.value = "deleting";
    try {
      await deleteJourney(sandbox, id);
      return true;
    } catch (err) {
      outcome.value = { kind: "error", text: `Not deleted. ${messageOf(err)}` };
      return false;
    } finally {
      busy.value = null;
    }
  });

  const toggleLive = action(() => {
    if (!live.value) return;
    viewLive.value = !viewLive.value;
    if (selected.value && selected.value !== ENTRY && !shown.value.nodes[selected.value]) selected.value = null;
  });

  async function refreshStats() {
    try {
      stats.value = await journeyStats(sandbox, id);
      statsAt.value = Date.now();
      statsError.value = null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) stats.value = null;
      else statsError.value = messageOf(err);
    }
  }

  // Live counts while a version is published, every few seconds (not while the tab is hidden).
  effect(() => {
    if (!published.value) return;
    void refreshStats();
    const timer = setInterval(() => {
      if (typeof document === "undefined" || !document.hidden) void refreshStats();
    }, STATS_EVERY_MS);
    return () => clearInterval(timer);
  });

  const tester = testRunner(sandbox, id, async () => (dirty.value || draftVersion.value === null ? save() : localProblems.value.length === 0));

  return {
    loading, loadError, journey, versions, live, draftVersion, name, description, definition, dirty, selected, focusRequest, edgeRequest, panelRequest,
    viewLive, readOnly, shown, liveDiffers, liveSummary, published, problems, localProblems, pinned, outcome, busy, announcement, lastRemoval, stats, statsAt, statsError,
    journeys, audiences, tester,
    load, select, focusNode, openPanel, addNode, removeNode, undoRemoval, connect, moveNode, updateNode, renameNode, updateSettings, tidy, setJsonError, save, publish, stop,
    remove, toggleLive, runNow,
  };
});

export type JourneyEditState = InstanceType<typeof JourneyEditModel>;
