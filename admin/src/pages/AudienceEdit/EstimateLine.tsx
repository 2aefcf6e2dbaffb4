// The live estimate, announced politely as it changes.
import type { EstimateState } from "./estimate";
import { estimateText } from "./estimate-text";

function text(state: EstimateState): string {
  if (state.status === "pending") return "Estimating…";
  if (state.status === "done") return estimateText(state.estimate);
  if (state.status === "failed") return `No estimate: ${state.message}`;
  return "";
}

export function EstimateLine({ state }: { state: EstimateState }) {
  return (
    <p class={`estimate estimate-${state.status}`} role="status" data-testid="audience-estimate" data-status={state.status}>
      {text(state)}
    </p>
  );
}
