// A destructive button that asks once more in place ("Yes, delete" / "Keep") before acting.
import { useState } from "preact/hooks";

type Props = {
  label: string;
  confirmLabel: string;
  ariaLabel: string;
  testId: string;
  confirmTestId: string;
  onConfirm: () => void;
};

export function ConfirmButton({ label, confirmLabel, ariaLabel, testId, confirmTestId, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="button subtle" data-testid={testId} aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        class="button danger"
        data-testid={confirmTestId}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="button subtle" onClick={() => setAsking(false)}>
        Keep
      </button>
    </>
  );
}
