// Buttons adding a node of each type, placed right of the selected node and connected from its
// first free edge (or placed right of everything when nothing is selected).
import { NODE_TYPES } from "./graph";
import { layoutOf, spotForNew } from "./layout";
import type { JourneyEditState } from "./model";

export function Palette({ model }: { model: JourneyEditState }) {
  if (model.readOnly.value) return null;
  const add = (type: (typeof NODE_TYPES)[number]["type"]) => {
    const def = model.definition.peek();
    model.addNode(type, spotForNew(def, layoutOf(def), model.selected.peek()));
  };
  return (
    <div class="palette" role="toolbar" aria-label="Add a node" data-testid="palette">
      <span class="palette-label" aria-hidden="true">
        Add
      </span>
      {NODE_TYPES.map((t) => (
        <button key={t.type} type="button" class={`button palette-${t.type}`} data-testid={`add-${t.type}`} title={t.hint} aria-label={`Add ${t.name.toLowerCase()} node`} onClick={() => add(t.type)}>
          {t.name}
        </button>
      ))}
    </div>
  );
}
