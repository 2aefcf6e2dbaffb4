// A secret's field: a password input that never holds the stored value. It says whether one is
// set ("set (…1234)"); typing replaces it, and a stored one can be marked for removal.
import type { SecretField as State } from "../lib/channel-forms";
import { secretState } from "../lib/channel-forms";
import { TextField } from "./fields";

type Props = { id: string; label: string; state: State; error?: string; hint?: string; onChange: (next: State) => void };

export function SecretField({ id, label, state, error, hint, onChange }: Props) {
  return (
    <div class="secret-field" data-testid={`${id}-wrap`}>
      <TextField
        id={id}
        label={label}
        type="password"
        autoComplete="new-password"
        value={state.typed}
        placeholder={state.stored ? "Leave empty to keep it" : ""}
        error={error}
        hint={
          <>
            <span class="secret-state" data-testid={`${id}-state`}>
              {secretState(state)}
            </span>
            {hint ? ` · ${hint}` : null}
          </>
        }
        onInput={(typed) => onChange({ ...state, typed, remove: false })}
      />
      {state.stored && (
        <label class="hint">
          <input type="checkbox" checked={state.remove} onChange={(e) => onChange({ ...state, remove: e.currentTarget.checked, typed: "" })} /> Remove the stored secret
        </label>
      )}
    </div>
  );
}
