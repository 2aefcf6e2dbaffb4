// The editor: versions and their buttons, what the last save said, the palette, the canvas with
// the selected node's panel beside it, test mode under them, and Delete.
import { useModel, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Notice } from "../../components/Notice";
import { formatTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { Canvas } from "./Canvas";
import { ENTRY } from "./graph";
import { JourneyEditModel, type JourneyEditState } from "./model";
import { NodePanel } from "./NodePanel";
import { Outcome } from "./Outcome";
import { Palette } from "./Palette";
import { SettingsPanel } from "./SettingsPanel";
import { TestPanel } from "./TestPanel";
import { VersionBar } from "./VersionBar";

export function JourneyEditor({ id }: { id: string }) {
  const sandbox = session.sandbox.peek();
  const model = useModel(() => new JourneyEditModel(sandbox, id));
  const { route } = useLocation();

  useSignalEffect(() => {
    // The journey belongs to the sandbox it was opened in; switching sandbox leaves the editor.
    if (session.sandbox.value !== sandbox) route(paths.journeys);
  });
  useEffect(() => {
    void model.load();
  }, []);

  if (model.loading.value) return <p class="muted">Loading…</p>;
  if (model.loadError.value) return <Notice kind="error">Could not open the journey: {model.loadError.value}</Notice>;

  async function remove() {
    if (await model.remove()) route(`${paths.journeys}?deleted=${encodeURIComponent(id)}`);
  }

  return (
    <div class="journey-editor">
      <h1>
        {model.name.value || id} <span class="muted id-inline">{id}</span>
      </h1>
      <VersionBar model={model} />
      <Outcome model={model} />
      {model.lastRemoval.value && model.lastRemoval.value.cleared.length > 0 && !model.readOnly.value && (
        <Notice kind="info" testId="removal-report">
          Removed <code>{model.lastRemoval.value.id}</code>; {model.lastRemoval.value.cleared.length === 1 ? "one edge" : `${model.lastRemoval.value.cleared.length} edges`} that led to it
          now {model.lastRemoval.value.cleared.length === 1 ? "leads" : "lead"} nowhere.{" "}
          <button type="button" class="button subtle" data-testid="undo-removal" onClick={() => model.undoRemoval()}>
            Undo
          </button>
        </Notice>
      )}
      {model.readOnly.value && (
        <Notice kind="info" testId="live-view">
          Showing the live version v{model.live.value!.version}, read-only. <strong>Back to the draft</strong> to edit.
        </Notice>
      )}
      <div class="editor-toolbar">
        <Palette model={model} />
        <StatsLine model={model} />
      </div>
      <div class="journey-workspace">
        <Canvas model={model} />
        <Panel model={model} />
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">
        {model.announcement.value}
      </p>
      <TestPanel model={model} />
      <p class="actions">
        <a class="button subtle" href={paths.journeys}>
          All journeys
        </a>
        {!model.published.value && (
          <ConfirmButton label="Delete journey" confirmLabel="Yes, delete" ariaLabel={`Delete the journey ${model.name.value}`} testId="delete-journey" confirmTestId="confirm-delete-journey" onConfirm={() => void remove()} />
        )}
      </p>
    </div>
  );
}

function Panel({ model }: { model: JourneyEditState }) {
  const selected = model.selected.value;
  const node = selected && selected !== ENTRY ? model.shown.value.nodes[selected] : undefined;
  if (selected === ENTRY) return <SettingsPanel model={model} />;
  if (selected && node) return <NodePanel key={selected} model={model} id={selected} node={node} />;
  return (
    <section class="panel panel-empty" data-testid="panel-empty">
      <h2 id="panel-heading" tabIndex={-1}>
        Nothing selected
      </h2>
      <p class="hint">Select a node on the canvas to edit it, or the entry for the journey's settings. Add nodes with the buttons above the canvas.</p>
    </section>
  );
}

function StatsLine({ model }: { model: JourneyEditState }) {
  const stats = model.stats.value;
  if (model.statsError.value) return <p class="stats-line field-error">Counts unavailable: {model.statsError.value}</p>;
  if (!stats) return model.published.value ? <p class="stats-line muted">Reading the counts…</p> : null;
  return (
    <p class="stats-line muted" data-testid="stats-line">
      Counts of {stats.status} v{stats.version} under each node, updated {model.statsAt.value ? formatTime(model.statsAt.value) : "—"}.
    </p>
  );
}
