// Page-level messages. Errors use role="alert" so they are announced; other notes use
// role="status", which waits for the screen reader to finish what it is saying.
import type { ComponentChildren } from "preact";

type Props = { kind?: "error" | "ok" | "info"; testId?: string; children: ComponentChildren };

export function Notice({ kind = "info", testId, children }: Props) {
  return (
    <div class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"} data-testid={testId}>
      {children}
    </div>
  );
}
