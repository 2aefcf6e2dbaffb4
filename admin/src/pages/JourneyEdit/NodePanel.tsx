// The side panel of the selected node: its problems, its id and label, the fields of its type,
// and Delete. Escape goes back to the node's box on the canvas.
import { useEffect, useRef, useState } from "preact/hooks";
import { TextField } from "../../components/fields";
import type { ComponentChildren } from "preact";
import type { JourneyNode, NodeOf } from "../../lib/types";
import { ActionFields } from "./ActionFields";
import { ConditionFields } from "./ConditionFields";
import { edgeFieldId, fieldId, nodeDomId } from "./dom-ids";
import { typeName } from "./graph";
import { JumpFields } from "./JumpFields";
import type { JourneyEditState } from "./model";
import { errorsOf } from "./panel-kit";
import { nodeFieldLabel } from "./problems";
import { SplitFields } from "./SplitFields";
import { nodeSummary } from "./summary";
import { WaitEventFields } from "./WaitEventFields";
import { WaitFields } from "./WaitFields";

type Props = { model: JourneyEditState; id: string; node: JourneyNode };

export function NodePanel({ model, id, node }: Props) {
  const readOnly = model.readOnly.value;
  const problems = readOnly ? [] : (model.pinned.value.nodes[id] ?? []);
  const errorAt = errorsOf(problems);
  const def = model.shown.value;
  const counts = model.stats.value?.nodes[id];
  const change = (next: JourneyNode) => model.updateNode(id, next);
  const common = { model, id, errorAt };
  const fields = (() => {
    switch (node.type) {
      case "condition":
        return <ConditionFields {...common} node={node} change={change} />;
      case "split":
        return <SplitFields {...common} node={node} change={change} />;
      case "wait":
        return <WaitFields {...common} node={node} change={change} />;
      case "wait-event":
        return <WaitEventFields {...common} node={node} change={change} />;
      case "action":
        return <ActionFields {...common} node={node} change={change} />;
      case "jump":
        return <JumpFields {...common} node={node} change={change} />;
      case "end":
        return <p class="hint">Profiles that reach this node have finished the journey.</p>;
    }
  })();

  return (
    <PanelFrame model={model} back={id} heading={<>{typeName(node.type)} <code>{id}</code></>} testId="node-panel">
      <p class="panel-summary">{nodeSummary(node)}</p>
      {counts && (
        <p class="panel-counts" data-testid="panel-counts">
          Live version: {counts.entered} entered, {counts.waiting} waiting, {counts.exited} exited, {counts.errored} errored.
        </p>
      )}
      {problems.length > 0 && (
        <div class="notice notice-error node-problems" data-testid="node-problems">
          <ul>
            {problems.map((p) => (
              <li key={`${p.field}:${p.message}`}>
                <strong>{nodeFieldLabel(def, id, p.field)}</strong>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <fieldset class="panel-fields" disabled={readOnly}>
        <legend class="visually-hidden">Settings of {id}</legend>
        <RenameField model={model} id={id} />
        <TextField id={fieldId(id, "label")} label="Label" value={node.label ?? ""} hint="Shown on the canvas instead of the id." error={errorAt("label")} onInput={(label) => change({ ...node, label } as NodeOf<typeof node.type>)} />
        {fields}
      </fieldset>
      {!readOnly && (
        <p class="actions">
          <button type="button" class="button danger" data-testid="delete-node" onClick={() => model.removeNode(id)}>
            Delete node
          </button>
        </p>
      )}
    </PanelFrame>
  );
}

/** The node's id, changed with a button so every edge to it follows. */
function RenameField({ model, id }: { model: JourneyEditState; id: string }) {
  const [text, setText] = useState(id);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(id);
    setError(null);
  }, [id]);
  const rename = () => setError(model.renameNode(id, text.trim()));
  return (
    <div class="rename-row">
      <TextField id="node-id" label="Node id" value={text} error={error ?? undefined} onInput={setText} />
      {text.trim() !== id && !model.readOnly.value && (
        <button type="button" class="button" data-testid="rename-node" onClick={rename}>
          Rename
        </button>
      )}
    </div>
  );
}

type FrameProps = { model: JourneyEditState; back: string; heading: ComponentChildren; testId: string; children: ComponentChildren };

/** The panel around a node's or the journey's fields: takes focus when asked, gives it back on Escape. */
export function PanelFrame({ model, back, heading, testId, children }: FrameProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const request = model.panelRequest.value;
  const seen = useRef(request);
  useEffect(() => {
    if (request !== seen.current) {
      seen.current = request;
      headingRef.current?.focus();
    }
  }, [request]);
  const edge = model.edgeRequest.value;
  useEffect(() => {
    if (!edge) return;
    const field = document.getElementById(edgeFieldId(edge));
    if (field) {
      field.focus();
      model.edgeRequest.value = null;
    }
  }, [edge]);
  return (
    <section
      class="panel"
      aria-labelledby="panel-heading"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        model.focusNode(back);
      }}
    >
      <div class="panel-head">
        <h2 id="panel-heading" tabIndex={-1} ref={headingRef}>
          {heading}
        </h2>
        <button type="button" class="button subtle" onClick={() => document.getElementById(nodeDomId(back))?.focus()}>
          Back to canvas
        </button>
      </div>
      {model.readOnly.value && <p class="hint">The live version, read-only. Hide it to edit the draft.</p>}
      {children}
    </section>
  );
}
