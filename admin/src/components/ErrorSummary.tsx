// The list of what the server (or the form) rejected, at the top of a long form so nothing is
// missed; each message also sits beside its own field. With `fieldIdFor`, each line links to
// the field, and following the link moves focus there.
import { Notice } from "./Notice";

type Props = {
  message: string;
  errors: Record<string, string>;
  labelFor: (path: string) => string;
  fieldIdFor?: (path: string) => string;
  testId?: string;
};

export function ErrorSummary({ message, errors, labelFor, fieldIdFor, testId = "form-errors" }: Props) {
  const entries = Object.entries(errors);
  return (
    <Notice kind="error" testId={testId}>
      <p>{message}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([path, text]) => {
            const label = `${labelFor(path)}: ${text}`;
            if (!fieldIdFor) return <li key={path}>{label}</li>;
            const target = fieldIdFor(path);
            return (
              <li key={path} data-path={path}>
                <a
                  href={`#${target}`}
                  onClick={(e) => {
                    // Focus, not just scroll: the field's label and message are read with it.
                    const field = document.getElementById(target);
                    if (!field) return;
                    e.preventDefault();
                    field.focus();
                    field.scrollIntoView({ block: "center" });
                  }}
                >
                  {label}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </Notice>
  );
}
