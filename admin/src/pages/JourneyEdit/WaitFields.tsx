// A wait: for a duration, until a local date and time, or until the time a profile attribute
// holds (with an offset), in the profile's time zone.
import { SelectField, TextField } from "../../components/fields";
import type { NodeOf } from "../../lib/types";
import { fieldId } from "./dom-ids";
import { EdgeField } from "./EdgeField";
import { DateTimeField, type FieldsProps } from "./panel-kit";

type Mode = "for" | "until" | "untilAttribute";
const modeOf = (n: NodeOf<"wait">): Mode => (n.until !== undefined ? "until" : n.untilAttribute !== undefined ? "untilAttribute" : "for");

export function WaitFields({ model, id, node, errorAt, change }: FieldsProps<"wait">) {
  const mode = modeOf(node);
  const { for: _f, until: _u, untilAttribute: _a, offset: _o, ...base } = node;
  const setMode = (m: Mode) => change(m === "for" ? { ...base, for: "1d" } : m === "until" ? { ...base, until: "" } : { ...base, untilAttribute: "", offset: "" });
  return (
    <>
      <SelectField
        id={fieldId(id, "mode")}
        label="Wait"
        value={mode}
        options={[{ value: "for", label: "For a duration" }, { value: "until", label: "Until a date and time" }, { value: "untilAttribute", label: "Until a profile attribute's time" }]}
        onChange={(m) => setMode(m as Mode)}
      />
      {mode === "for" && (
        <TextField id={fieldId(id, "for")} label="Duration" value={node.for ?? ""} hint="Such as 30m, 12h, 7d or 2w." error={errorAt("for")} onInput={(v) => change({ ...node, for: v })} />
      )}
      {mode === "until" && (
        <DateTimeField id={fieldId(id, "until")} label="Until" value={node.until ?? ""} hint="In the profile's time zone." error={errorAt("until") ?? errorAt("for")} onInput={(v) => change({ ...node, until: v })} />
      )}
      {mode === "untilAttribute" && (
        <div class="grid-2 tight">
          <TextField
            id={fieldId(id, "untilAttribute")}
            label="Profile attribute"
            value={node.untilAttribute ?? ""}
            hint="Holding a date or time, such as renewalDate."
            error={errorAt("untilAttribute") ?? errorAt("for")}
            onInput={(v) => change({ ...node, untilAttribute: v })}
          />
          <TextField id={fieldId(id, "offset")} label="Offset" value={node.offset ?? ""} hint="Optional: -1d for the day before." error={errorAt("offset")} onInput={(v) => change({ ...node, offset: v })} />
        </div>
      )}
      <EdgeField model={model} edge={{ from: id, field: "next" }} label="Then go to" error={errorAt("next")} />
    </>
  );
}
