// A button that asks once more in place before acting ("Yes, publish" / "Keep as it is").
import { useState } from "preact/hooks";

type Props = { label: string; question: string; confirmLabel: string; testId: string; kind?: "primary" | "danger"; disabled?: boolean; onConfirm: () => void };

export function ConfirmAction({ label, question, confirmLabel, testId, kind = "primary", disabled, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class={kind === "primary" ? "button primary" : "button"} data-testid={testId} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="confirm-question">{question}</span>
      <button
        type="button"
        class={kind === "primary" ? "button primary" : "button danger"}
        data-testid={`confirm-${testId}`}
        ref={(el) => el?.focus()}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="button subtle" onClick={() => setAsking(false)}>
        Keep as it is
      </button>
    </span>
  );
}
