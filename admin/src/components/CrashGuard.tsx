// Catches a page that throws while rendering and shows the error instead of a blank screen;
// the header stays usable, and moving to another page clears the error.
import type { ComponentChildren } from "preact";
import { useEffect, useErrorBoundary } from "preact/hooks";
import { useLocation } from "preact-iso";
import { messageOf } from "../lib/api-error";
import { Notice } from "./Notice";

export function CrashGuard({ children }: { children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary((err: unknown) => console.error("Console page crashed", err));
  const { path } = useLocation();
  useEffect(() => {
    if (error) reset();
    // Keyed on the page only: the error arriving must not clear itself.
  }, [path]);

  if (error) {
    return (
      <Notice kind="error" testId="crash">
        <p>This page hit a bug: {messageOf(error)}</p>
        <button type="button" class="button" onClick={reset}>
          Try again
        </button>
      </Notice>
    );
  }
  return <>{children}</>;
}
