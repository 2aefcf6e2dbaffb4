// Removes one condition or group from the builder. The visible text is short; the label says which.
export function RemoveButton({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <button type="button" class="button subtle remove-node" aria-label={label} title={label} data-testid="remove-node" onClick={onRemove}>
      Remove
    </button>
  );
}
