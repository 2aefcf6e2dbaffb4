// Tags as removable chips, with a box to add more: Enter or a comma adds what was typed, and each
// chip's × button (named "Remove tag …") takes it away. Suggestions come from a <datalist>.
import { useState } from "preact/hooks";

type Props = {
  id: string;
  label: string;
  tags: readonly string[];
  suggestions?: readonly string[];
  hint?: string;
  error?: string;
  onAdd: (typed: string) => void;
  onRemove: (tag: string) => void;
};

export function TagChips({ id, label, tags, suggestions = [], hint, error, onAdd, onRemove }: Props) {
  const [typed, setTyped] = useState("");
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

  function add() {
    if (!typed.trim()) return;
    onAdd(typed);
    setTyped("");
  }

  return (
    <div class={error ? "field tag-field has-error" : "field tag-field"}>
      <label for={id}>{label}</label>
      {tags.length === 0 && <p class="muted chips-empty">None yet.</p>}
      <ul class="chips" aria-label={`Chosen ${label.toLowerCase()}`} data-testid={`${id}-chips`}>
        {tags.map((tag) => (
          <li key={tag} class="chip" data-testid="tag-chip">
            <span>{tag}</span>
            <button type="button" aria-label={`Remove tag ${tag}`} title={`Remove ${tag}`} onClick={() => onRemove(tag)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div class="tag-input">
        <input
          id={id}
          name={id}
          data-testid={id}
          value={typed}
          list={suggestions.length ? `${id}-suggestions` : undefined}
          placeholder="Type a tag, then Enter"
          aria-invalid={error ? "true" : undefined}
          aria-describedby={described}
          onInput={(e) => {
            const value = e.currentTarget.value;
            // A comma ends a tag, as in the offer form's comma-separated tags.
            if (value.includes(",")) {
              onAdd(value);
              setTyped("");
            } else setTyped(value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="button" data-testid={`${id}-add`} onClick={add}>
          Add tag
        </button>
      </div>
      {suggestions.length > 0 && (
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
