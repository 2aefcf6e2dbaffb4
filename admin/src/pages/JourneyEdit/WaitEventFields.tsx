// A wait for an event: its type and payload condition, how long to wait, and where each outcome leads.
import { TextField } from "../../components/fields";
import { fieldId } from "./dom-ids";
import { EdgeField } from "./EdgeField";
import { JsonObjectField } from "./JsonObjectField";
import type { FieldsProps } from "./panel-kit";

export function WaitEventFields({ model, id, node, errorAt, change }: FieldsProps<"wait-event">) {
  return (
    <>
      <TextField id={fieldId(id, "eventType")} label="Event type" value={node.eventType} hint="Such as order.placed." error={errorAt("eventType")} onInput={(eventType) => change({ ...node, eventType })} />
      <JsonObjectField
        id={fieldId(id, "where")}
        label="Payload condition"
        path={`nodes.${id}.where`}
        value={node.where}
        optional
        hint='Optional, on the event data: { "total": { "$gt": 0 } }.'
        error={errorAt("where")}
        onChange={(where) => {
          const { where: _, ...rest } = node;
          change(where ? { ...rest, where } : rest);
        }}
        onInvalid={model.setJsonError}
      />
      <TextField id={fieldId(id, "timeout")} label="Timeout" value={node.timeout} hint="Such as 30m, 12h, 7d or 2w." error={errorAt("timeout")} onInput={(timeout) => change({ ...node, timeout })} />
      <EdgeField model={model} edge={{ from: id, field: "next" }} label="When the event comes, go to" error={errorAt("next")} />
      <EdgeField model={model} edge={{ from: id, field: "timeoutNext" }} label="On timeout, go to" error={errorAt("timeoutNext")} />
    </>
  );
}
