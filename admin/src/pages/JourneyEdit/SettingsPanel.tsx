// The panel of the entry box: the journey's name, how people enter, the node it starts with,
// re-entrance, exit criteria, the global timeout and the throughput limit.
import { AudienceSelect } from "../../components/AudienceSelect";
import { SelectField, TextAreaField, TextField } from "../../components/fields";
import { fromLocalInput, toLocalInput } from "../../lib/format";
import type { JourneyEntry, JourneyExit, Reentrance } from "../../lib/types";
import { EdgeField } from "./EdgeField";
import { ENTRY } from "./graph";
import { JsonObjectField } from "./JsonObjectField";
import type { JourneyEditState } from "./model";
import { PanelFrame } from "./NodePanel";
import { DateTimeField, readInt } from "./panel-kit";
import { journeyPathLabel } from "./problems";

const MAX_EXITS = 10;

function newEntry(type: JourneyEntry["type"]): JourneyEntry {
  if (type === "event") return { type, eventType: "" };
  if (type === "audience") return { type, audience: "", on: "entered" };
  return { type, audience: "", schedule: { kind: "recurring", every: "day", at: "09:00" } };
}

export function SettingsPanel({ model }: { model: JourneyEditState }) {
  const def = model.shown.value;
  const readOnly = model.readOnly.value;
  const problems = readOnly ? [] : model.pinned.value.journey;
  const errorAt = (path: string) => problems.find((p) => p.path === path || p.path.startsWith(`${path}.`))?.message;
  const entry = def.entry;
  const setEntry = (e: JourneyEntry) => model.updateSettings({ entry: e });
  const exits = def.exit;
  const setExits = (exit: JourneyExit[]) => model.updateSettings({ exit });
  const patchExit = (i: number, x: JourneyExit) => setExits(exits.map((e, j) => (j === i ? x : e)));

  return (
    <PanelFrame model={model} back={ENTRY} heading="Journey settings" testId="settings-panel">
      {problems.length > 0 && (
        <div class="notice notice-error node-problems" data-testid="journey-problems">
          <ul>
            {problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <strong>{journeyPathLabel(p.path)}</strong>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <fieldset class="panel-fields" disabled={readOnly}>
        <legend class="visually-hidden">Journey settings</legend>
        <TextField id="journey-name" label="Name" value={model.name.value} error={errorAt("name")} onInput={(v) => (model.name.value = v)} />
        <TextAreaField id="journey-description" label="Description" rows={2} value={model.description.value} error={errorAt("description")} onInput={(v) => (model.description.value = v)} />

        <fieldset class="group">
          <legend>Entry</legend>
          <SelectField
            id="entry-type"
            label="People enter"
            value={entry.type}
            options={[{ value: "event", label: "On an event" }, { value: "audience", label: "On entering or leaving an audience" }, { value: "read-audience", label: "By reading an audience" }]}
            onChange={(t) => setEntry(newEntry(t as JourneyEntry["type"]))}
          />
          {entry.type === "event" && (
            <>
              <TextField id="entry-event-type" label="Event type" value={entry.eventType} hint="Such as cart.add." error={errorAt("entry.eventType")} onInput={(eventType) => setEntry({ ...entry, eventType })} />
              <JsonObjectField
                id="entry-where"
                label="Payload condition"
                path="entry.where"
                value={entry.where}
                optional
                hint='Optional, on the event data: { "sku": "tent" }.'
                error={errorAt("entry.where")}
                onChange={(where) => {
                  const { where: _, ...rest } = entry;
                  setEntry(where ? { ...rest, where } : rest);
                }}
                onInvalid={model.setJsonError}
              />
            </>
          )}
          {entry.type === "audience" && (
            <>
              <AudienceSelect id="entry-audience" audiences={model.audiences.value} value={entry.audience} error={errorAt("entry.audience")} onChange={(audience) => setEntry({ ...entry, audience })} />
              <SelectField
                id="entry-on"
                label="When a profile"
                value={entry.on}
                options={[{ value: "entered", label: "enters it" }, { value: "exited", label: "leaves it" }]}
                onChange={(on) => setEntry({ ...entry, on: on as "entered" | "exited" })}
              />
            </>
          )}
          {entry.type === "read-audience" && (
            <>
              <AudienceSelect id="entry-audience" audiences={model.audiences.value} value={entry.audience} error={errorAt("entry.audience")} onChange={(audience) => setEntry({ ...entry, audience })} />
              <SelectField
                id="entry-schedule"
                label="Schedule"
                value={entry.schedule.kind}
                options={[{ value: "once", label: "Once" }, { value: "recurring", label: "Every hour, day or week" }]}
                onChange={(k) => setEntry({ ...entry, schedule: k === "once" ? { kind: "once", at: Date.now() + 3_600_000 } : { kind: "recurring", every: "day", at: "09:00" } })}
              />
              {entry.schedule.kind === "once" ? (
                <DateTimeField
                  id="entry-at"
                  label="At"
                  value={toLocalInput(entry.schedule.at)}
                  hint="In your time zone."
                  error={errorAt("entry.schedule")}
                  onInput={(v) => setEntry({ ...entry, schedule: { kind: "once", at: fromLocalInput(v) } })}
                />
              ) : (
                <div class="grid-2 tight">
                  <SelectField
                    id="entry-every"
                    label="Every"
                    value={entry.schedule.every}
                    options={["hour", "day", "week"]}
                    onChange={(every) => entry.schedule.kind === "recurring" && setEntry({ ...entry, schedule: { ...entry.schedule, every: every as "hour" | "day" | "week" } })}
                  />
                  <TextField
                    id="entry-time"
                    label="At (UTC)"
                    value={entry.schedule.at ?? ""}
                    hint="Optional, such as 09:00."
                    error={errorAt("entry.schedule")}
                    onInput={(at) => {
                      if (entry.schedule.kind !== "recurring") return;
                      const { at: _, ...rest } = entry.schedule;
                      setEntry({ ...entry, schedule: at ? { ...rest, at } : rest });
                    }}
                  />
                </div>
              )}
            </>
          )}
        </fieldset>

        {model.live.value?.definition.entry.type === "read-audience" && (
          <p class="actions tight-top">
            <button type="button" class="button" data-testid="run-now" disabled={model.busy.value !== null} onClick={() => void model.runNow()}>
              {model.busy.value === "running" ? "Reading…" : `Run live v${model.live.value.version} now`}
            </button>
            <span class="hint">Its audience's members enter now, besides the schedule.</span>
          </p>
        )}

        <EdgeField model={model} edge={{ from: ENTRY, field: "start" }} label="Start with" error={errorAt("start")} />

        <fieldset class="group">
          <legend>Re-entrance</legend>
          <SelectField
            id="reentrance-mode"
            label="A profile may enter again"
            value={def.reentrance.mode}
            options={[{ value: "never", label: "Never" }, { value: "after-wait", label: "After a wait since its last entry" }, { value: "always", label: "Always, even while inside" }]}
            error={errorAt("reentrance")}
            onChange={(mode) => model.updateSettings({ reentrance: (mode === "after-wait" ? { mode, wait: "7d" } : { mode }) as Reentrance })}
          />
          {def.reentrance.mode === "after-wait" && (
            <TextField
              id="reentrance-wait"
              label="Wait"
              value={def.reentrance.wait}
              hint="Such as 7d."
              error={errorAt("reentrance.wait")}
              onInput={(wait) => model.updateSettings({ reentrance: { mode: "after-wait", wait } })}
            />
          )}
        </fieldset>

        <fieldset class="group">
          <legend>Exit criteria</legend>
          <p class="hint">Any of these ends a profile's instance wherever it is.</p>
          {exits.length === 0 && <p class="muted">None.</p>}
          <ol class="branch-list">
            {exits.map((x, i) => (
              <li key={i}>
                <fieldset class="branch" data-testid={`exit-${i}`}>
                  <legend>Exit {i + 1}</legend>
                  <SelectField
                    id={`exit-${i}-type`}
                    label="Ends on"
                    value={x.type}
                    options={[{ value: "event", label: "An event" }, { value: "audience-exit", label: "Leaving an audience" }]}
                    onChange={(t) => patchExit(i, t === "event" ? { type: "event", eventType: "" } : { type: "audience-exit", audience: "" })}
                  />
                  {x.type === "event" ? (
                    <>
                      <TextField id={`exit-${i}-event-type`} label="Event type" value={x.eventType} error={errorAt(`exit.${i}.eventType`)} onInput={(eventType) => patchExit(i, { ...x, eventType })} />
                      <JsonObjectField
                        id={`exit-${i}-where`}
                        label="Payload condition"
                        path={`exit.${i}.where`}
                        value={x.where}
                        optional
                        error={errorAt(`exit.${i}.where`)}
                        onChange={(where) => {
                          const { where: _, ...rest } = x;
                          patchExit(i, where ? { ...rest, where } : rest);
                        }}
                        onInvalid={model.setJsonError}
                      />
                    </>
                  ) : (
                    <AudienceSelect id={`exit-${i}-audience`} audiences={model.audiences.value} value={x.audience} error={errorAt(`exit.${i}.audience`)} onChange={(audience) => patchExit(i, { ...x, audience })} />
                  )}
                  <p class="actions tight-top">
                    <button type="button" class="button subtle" aria-label={`Remove exit ${i + 1}`} onClick={() => setExits(exits.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </p>
                </fieldset>
              </li>
            ))}
          </ol>
          {exits.length < MAX_EXITS && (
            <button type="button" class="button" data-testid="add-exit" onClick={() => setExits([...exits, { type: "event", eventType: "" }])}>
              Add exit criterion
            </button>
          )}
        </fieldset>

        <div class="grid-2 tight">
          <TextField
            id="journey-timeout"
            label="Timeout (days)"
            type="number"
            value={Number.isFinite(def.timeoutDays) ? String(def.timeoutDays) : ""}
            hint="An instance ends after this many days wherever it is (1–365)."
            error={errorAt("timeoutDays")}
            onInput={(v) => model.updateSettings({ timeoutDays: readInt(v) })}
          />
          <TextField
            id="journey-throughput"
            label="Entries per second (optional)"
            type="number"
            value={def.throughputPerSecond ? String(def.throughputPerSecond) : ""}
            hint="At most this many entries a second across everyone."
            error={errorAt("throughputPerSecond")}
            onInput={(v) => model.updateSettings({ throughputPerSecond: v.trim() ? readInt(v) : undefined })}
          />
        </div>
      </fieldset>
    </PanelFrame>
  );
}
