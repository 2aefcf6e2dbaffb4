// Labelled form controls. Each one renders its label, an optional hint and the server's message
// for that field, tied together with aria-describedby so assistive tech reads them with the field.
import type { ComponentChildren } from "preact";

type Common = {
  id: string;
  label: string;
  /** The message from the API's `details[].path` for this field, if any. */
  error?: string;
  hint?: ComponentChildren;
  testId?: string;
};

function describedBy(id: string, error?: string, hint?: ComponentChildren): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Messages({ id, error, hint }: Pick<Common, "id" | "error" | "hint">) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

type TextProps = Common & {
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "number" | "password" | "url" | "search" | "datetime-local";
  placeholder?: string;
  autoComplete?: string;
  readOnly?: boolean;
  required?: boolean;
  /** Id of a <datalist> of suggestions. */
  list?: string;
};

export function TextField({ id, label, error, hint, testId, onInput, ...input }: TextProps) {
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        data-testid={testId ?? id}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, error, hint)}
        step={input.type === "number" ? 1 : undefined}
        {...input}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

type AreaProps = Common & { value: string; onInput: (value: string) => void; rows?: number; code?: boolean };

export function TextAreaField({ id, label, error, hint, testId, value, onInput, rows = 5, code }: AreaProps) {
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        name={id}
        rows={rows}
        class={code ? "code" : undefined}
        spellcheck={!code}
        data-testid={testId ?? id}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, error, hint)}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

export type Option = { value: string; label: string; disabled?: boolean };

type SelectProps = Common & { value: string; options: readonly (Option | string)[]; onChange: (value: string) => void };

export function SelectField({ id, label, error, hint, testId, value, options, onChange }: SelectProps) {
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{label}</label>
      <select
        id={id}
        name={id}
        data-testid={testId ?? id}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, error, hint)}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {options.map((o) => {
          const opt = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={opt.value} value={opt.value} disabled={opt.disabled}>
              {opt.label}
            </option>
          );
        })}
      </select>
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

type CheckProps = Common & { checked: boolean; onChange: (checked: boolean) => void };

export function CheckboxField({ id, label, error, hint, testId, checked, onChange }: CheckProps) {
  return (
    <div class={error ? "field field-check has-error" : "field field-check"}>
      <input
        type="checkbox"
        id={id}
        name={id}
        data-testid={testId ?? id}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, error, hint)}
        checked={checked}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}
