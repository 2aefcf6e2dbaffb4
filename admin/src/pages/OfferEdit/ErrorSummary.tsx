// The offer form's error summary: the shared list, with the offer's field labels.
import { ErrorSummary as Summary } from "../../components/ErrorSummary";
import { labelForPath } from "./draft";

export function ErrorSummary({ message, errors }: { message: string; errors: Record<string, string> }) {
  return <Summary message={message} errors={errors} labelFor={labelForPath} />;
}
