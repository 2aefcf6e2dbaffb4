// A JSON object typed into a box (a rule, a payload condition, attributes to set). While the text
// does not parse, the last good value stays in the definition and the editor holds the parse
// message under `path`, so nothing is saved until it is fixed. Empty means "none" when optional.
import { useEffect, useRef, useState } from "preact/hooks";
import { TextAreaField } from "../../components/fields";
import { parseJsonObject } from "../../lib/json-text";

type Props = {
  id: string;
  label: string;
  /** Where the value sits in the definition, e.g. `nodes.c-1.branches.0.rule`. */
  path: string;
  value: Record<string, unknown> | undefined;
  optional?: boolean;
  hint?: string;
  /** The API's message for this field. */
  error?: string;
  rows?: number;
  onChange: (value: Record<string, unknown> | undefined) => void;
  onInvalid: (path: string, message: string | null) => void;
};

const show = (v: Record<string, unknown> | undefined) => (v === undefined ? "" : JSON.stringify(v, null, 2));

export function JsonObjectField({ id, label, path, value, optional, hint, error, rows = 4, onChange, onInvalid }: Props) {
  const [text, setText] = useState(() => show(value));
  const [parseError, setParseError] = useState<string | null>(null);
  const lastSent = useRef(JSON.stringify(value ?? null));

  // A change from elsewhere (another view, undo) replaces the text.
  useEffect(() => {
    const incoming = JSON.stringify(value ?? null);
    if (incoming !== lastSent.current) {
      lastSent.current = incoming;
      setText(show(value));
      setParseError(null);
      onInvalid(path, null);
    }
  }, [value]);
  // Text being fixed is dropped when the box goes away; the last good value stays.
  useEffect(() => () => onInvalid(path, null), [path]);

  function input(next: string) {
    setText(next);
    if (optional && !next.trim()) {
      setParseError(null);
      onInvalid(path, null);
      lastSent.current = "null";
      onChange(undefined);
      return;
    }
    const parsed = parseJsonObject(next, { empty: "Write a JSON object, {} for none", notObject: "A JSON object, in braces" });
    if (!parsed.ok) {
      setParseError(parsed.message);
      onInvalid(path, parsed.message);
      return;
    }
    setParseError(null);
    onInvalid(path, null);
    lastSent.current = JSON.stringify(parsed.value);
    onChange(parsed.value);
  }

  return <TextAreaField id={id} label={label} code rows={rows} value={text} hint={hint} error={parseError ?? error} onInput={input} />;
}
