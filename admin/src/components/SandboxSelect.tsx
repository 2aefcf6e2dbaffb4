// Sandbox picker in the header. Every page reads `session.sandbox`, so changing it reloads them.
import { session } from "../lib/session";

export function SandboxSelect() {
  const current = session.sandbox.value;
  const list = session.sandboxes.value;
  // Before the session answer arrives, still show the sandbox in use rather than an empty box.
  const options = list.some((s) => s.id === current) ? list : [{ id: current, name: current }, ...list];
  return (
    <div class="sandbox">
      <label for="sandbox-select">Sandbox</label>
      <select
        id="sandbox-select"
        data-testid="sandbox-select"
        value={current}
        onChange={(e) => session.selectSandbox(e.currentTarget.value)}
      >
        {options.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name === s.id ? s.id : `${s.name} (${s.id})`}
          </option>
        ))}
      </select>
    </div>
  );
}
