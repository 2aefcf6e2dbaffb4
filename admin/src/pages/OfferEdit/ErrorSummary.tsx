// The list of what the server rejected, at the top of the form, so nothing is missed on a long
// form; each message also sits beside its own field.
import { Notice } from "../../components/Notice";
import { labelForPath } from "./draft";

export function ErrorSummary({ message, errors }: { message: string; errors: Record<string, string> }) {
  const entries = Object.entries(errors);
  return (
    <Notice kind="error" testId="form-errors">
      <p>{message}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([path, text]) => (
            <li key={path}>
              {labelForPath(path)}: {text}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
