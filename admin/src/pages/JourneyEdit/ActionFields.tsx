// An action: a message on a channel, a webhook custom action, a profile update, or a change of
// static audience membership; then where the profile goes next.
import { AudienceSelect } from "../../components/AudienceSelect";
import { SelectField, TextAreaField, TextField } from "../../components/fields";
import { type ActionKind, type JourneyAction, MESSAGE_CHANNELS, type MessageChannel } from "../../lib/types";
import { fieldId } from "./dom-ids";
import { EdgeField } from "./EdgeField";
import { newAction } from "./graph";
import { JsonObjectField } from "./JsonObjectField";
import type { FieldsProps } from "./panel-kit";

const KINDS: { value: ActionKind; label: string }[] = [
  { value: "message", label: "Send a message" },
  { value: "webhook", label: "Call a webhook custom action" },
  { value: "update-profile", label: "Update profile attributes" },
  { value: "audience-add", label: "Add to an audience" },
  { value: "audience-remove", label: "Remove from an audience" },
];

export function ActionFields({ model, id, node, errorAt, change }: FieldsProps<"action">) {
  const a = node.action;
  const set = (action: JourneyAction) => change({ ...node, action });
  const f = (name: string) => fieldId(id, `action.${name}`);
  return (
    <>
      <SelectField id={f("kind")} label="Action" value={a.kind} options={KINDS} error={errorAt("action.kind")} onChange={(k) => set(newAction(k as ActionKind))} />
      {a.kind === "message" && (
        <>
          <SelectField id={f("channel")} label="Channel" value={a.channel} options={MESSAGE_CHANNELS} error={errorAt("action.channel")} onChange={(c) => set({ ...a, channel: c as MessageChannel })} />
          <TextField id={f("title")} label="Title" value={a.title ?? ""} error={errorAt("action.title")} onInput={(title) => set({ ...a, title })} />
          <TextAreaField id={f("body")} label="Message" rows={3} value={a.body ?? ""} error={errorAt("action.body")} hint="Write the message, or name a template below." onInput={(body) => set({ ...a, body })} />
          <TextField id={f("template")} label="Template (optional)" value={a.template ?? ""} error={errorAt("action.template")} onInput={(template) => set({ ...a, template })} />
          <div class="grid-2 tight">
            <TextField
              id={f("cta-label")}
              label="Button label (optional)"
              value={a.cta?.label ?? ""}
              error={errorAt("action.cta.label")}
              onInput={(label) => set({ ...a, cta: { label, url: a.cta?.url ?? "" } })}
            />
            <TextField id={f("cta-url")} label="Button link" value={a.cta?.url ?? ""} error={errorAt("action.cta.url")} onInput={(url) => set({ ...a, cta: { label: a.cta?.label ?? "", url } })} />
          </div>
        </>
      )}
      {a.kind === "webhook" && (
        <TextField id={f("action")} label="Custom action id" value={a.action} hint="The id of a webhook custom action of this sandbox." error={errorAt("action.action")} onInput={(action) => set({ ...a, action })} />
      )}
      {a.kind === "update-profile" && (
        <>
          <JsonObjectField
            id={f("set")}
            label="Set attributes"
            path={`nodes.${id}.action.set`}
            value={a.set}
            optional
            hint='Such as { "cartReminded": true }.'
            error={errorAt("action.set")}
            onChange={(value) => set({ ...a, set: value })}
            onInvalid={model.setJsonError}
          />
          <TextField
            id={f("unset")}
            label="Unset attributes"
            value={(a.unset ?? []).join(", ")}
            hint="Names separated by commas."
            error={errorAt("action.unset")}
            onInput={(text) => set({ ...a, unset: text.split(",").map((s) => s.trim()).filter(Boolean) })}
          />
        </>
      )}
      {(a.kind === "audience-add" || a.kind === "audience-remove") && (
        <AudienceSelect
          id={f("audience")}
          audiences={model.audiences.value.filter((x) => x.kind === "list")}
          value={a.audience}
          hint="A list audience of this sandbox (members by upload, not by rule)."
          error={errorAt("action.audience")}
          onChange={(audience) => set({ ...a, audience })}
        />
      )}
      <EdgeField model={model} edge={{ from: id, field: "next" }} label="Then go to" error={errorAt("next")} />
    </>
  );
}
