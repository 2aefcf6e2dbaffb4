// Buttons adding a node of each type after the selected node (insert.ts says where and how it
// is connected); with nothing selected, right of everything and unconnected.
import { NODE_TYPES } from "./graph";
import type { JourneyEditState } from "./model";

export function Palette({ model }: { model: JourneyEditState }) {
  if (model.readOnly.value) return null;
  return (
    <div class="palette" role="toolbar" aria-label="Add a node" data-testid="palette">
      <span class="palette-label" aria-hidden="true">
        Add
      </span>
      {NODE_TYPES.map((t) => (
        <button key={t.type} type="button" class={`button palette-${t.type}`} data-testid={`add-${t.type}`} title={t.hint} aria-label={`Add ${t.name.toLowerCase()} node`} onClick={() => model.addNode(t.type)}>
          {t.name}
        </button>
      ))}
    </div>
  );
}
