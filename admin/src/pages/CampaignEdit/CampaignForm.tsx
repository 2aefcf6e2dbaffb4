// The campaign form, for a new campaign or a saved one (PUT replaces it whole), with the actions
// on it (activate, pause, send now, delete), a test send, the trigger call of an API campaign
// and its runs.
import { useModel, useSignalEffect } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AudienceSelect } from "../../components/AudienceSelect";
import { ConfirmButton } from "../../components/ConfirmButton";
import { DeliveryFigures } from "../../components/DeliveryFigures";
import { ErrorSummary } from "../../components/ErrorSummary";
import { IdField } from "../../components/IdField";
import { Notice } from "../../components/Notice";
import { type Option, SelectField, TextAreaField, TextField } from "../../components/fields";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { MESSAGE_CHANNELS, SCHEDULE_EVERY, type CampaignKind, type CampaignPurpose, type MessageChannel, type ScheduleEvery } from "../../lib/types";
import { KIND_LABELS, scheduleInWords, settled } from "../Campaigns/model";
import { type CampaignDraft, FIELD_LABELS, type ScheduleChoice, fieldIdOf, inputFromDraft } from "./draft";
import { CampaignEditModel, type CampaignEditState } from "./model";
import { RunsTable } from "./RunsTable";
import { TriggerExample } from "./TriggerExample";

const KIND_OPTIONS: Option[] = [
  { value: "scheduled", label: "Scheduled" },
  { value: "api", label: "API-triggered" },
];
const PURPOSE_OPTIONS: Option[] = [
  { value: "marketing", label: "Marketing" },
  { value: "transactional", label: "Transactional" },
];
const SCHEDULE_OPTIONS: Option[] = [
  { value: "none", label: "None: only when sent by hand" },
  { value: "once", label: "Once, at a date and time" },
  { value: "recurring", label: "Every hour, day or week" },
];

export function CampaignForm({ id, onCreated }: { id?: string; onCreated: (id: string) => void }) {
  const sandbox = session.sandbox.peek();
  const model = useModel(() => new CampaignEditModel(sandbox, id));
  const { route } = useLocation();

  useSignalEffect(() => {
    // The campaign belongs to the sandbox it was opened in; switching sandbox leaves the form.
    if (session.sandbox.value !== sandbox) route(paths.campaigns);
  });
  useEffect(() => {
    void model.load();
  }, []);
  const created = model.original.value?.id;
  useEffect(() => {
    // Once created, the address names it, so a reload opens it again.
    if (created && !id) {
      onCreated(created);
      route(paths.campaign(created), true);
    }
  }, [created]);

  if (model.loading.value) return <p class="muted">Loading…</p>;
  if (model.loadError.value) return <Notice kind="error">Could not open the campaign: {model.loadError.value}</Notice>;

  const draft = model.draft.value;
  const saved = model.original.value;
  const locked = model.locked.value;
  const busy = model.busy.value;
  const dirty = model.dirty.value;
  /** The server's message for a field: a refused save or action first, else what activating would refuse. */
  const errorOf = (field: keyof CampaignDraft) => model.errors.value[field] ?? model.problems.value[field];
  const problems = model.problems.value;
  const verb = dirty && !locked ? "Save and " : "";

  async function submit(event: Event) {
    event.preventDefault();
    if (!(await model.save())) focusSummary();
  }

  async function act(run: () => Promise<unknown>) {
    await run();
    if (model.formError.peek()) focusSummary();
  }

  async function remove() {
    if (await model.remove()) route(`${paths.campaigns}?deleted=${encodeURIComponent(saved?.id ?? "")}`);
  }

  return (
    <>
      <form class="form campaign-form" onSubmit={submit} noValidate data-testid="campaign-form">
        {saved && <StatusLine model={model} />}
        {model.formError.value ? (
          <ErrorSummary message={model.formError.value} errors={model.errors.value} labelFor={(p) => FIELD_LABELS[p] ?? p} fieldIdFor={fieldIdOf} />
        ) : (
          saved &&
          Object.keys(problems).length > 0 && (
            <ErrorSummary message="It cannot be sent as it is:" errors={problems} labelFor={(p) => FIELD_LABELS[p] ?? p} fieldIdFor={fieldIdOf} testId="campaign-problems" />
          )
        )}
        {model.outcome.value && !model.formError.value && (
          <Notice kind="ok" testId="campaign-outcome">
            {model.outcome.value}
          </Notice>
        )}
        {locked && (
          <Notice kind="info" testId="campaign-locked">
            {saved?.status === "active" ? "This campaign is active, so it cannot be edited: pause it first." : "This campaign is completed: it can no longer be edited or activated."}
          </Notice>
        )}
        {model.listsError.value && <Notice kind="error">Some lists could not be loaded: {model.listsError.value}</Notice>}

        <fieldset class="plain" disabled={locked}>
          <legend class="visually-hidden">Campaign</legend>
          <div class="grid-2">
            <TextField id="campaign-name" label="Name" value={draft.name} error={errorOf("name")} onInput={(name) => model.update({ name })} />
            <IdField id="campaign-id" label="Campaign id" value={draft.id} fixed={Boolean(saved)} error={errorOf("id")} onInput={(v) => model.update({ id: v })} />
          </div>
          <TextAreaField id="campaign-description" label="Description (optional)" rows={2} value={draft.description} error={errorOf("description")} onInput={(description) => model.update({ description })} />
          <div class="grid-2">
            <SelectField
              id="campaign-kind"
              label="Kind"
              value={draft.kind}
              options={KIND_OPTIONS}
              hint={draft.kind === "scheduled" ? "To an audience, on a schedule or when sent by hand." : "To the recipients a server names in each call."}
              error={errorOf("kind")}
              onChange={(kind) => model.update({ kind: kind as CampaignKind })}
            />
            <SelectField
              id="campaign-purpose"
              label="Purpose"
              value={draft.purpose}
              options={PURPOSE_OPTIONS}
              hint="Transactional messages (receipts, password resets) skip marketing consent, frequency caps and quiet hours."
              error={errorOf("purpose")}
              onChange={(purpose) => model.update({ purpose: purpose as CampaignPurpose })}
            />
            <SelectField id="campaign-channel" label="Channel" value={draft.channel} options={MESSAGE_CHANNELS} error={errorOf("channel")} onChange={(channel) => model.update({ channel: channel as MessageChannel })} />
            <TemplateSelect model={model} error={errorOf("template")} />
            <DecisionSelect model={model} error={errorOf("decision")} />
          </div>
          {draft.kind === "scheduled" && <ScheduledFields model={model} errorOf={errorOf} />}
        </fieldset>

        <p class="actions">
          <button type="submit" class="button primary" data-testid="save-campaign" disabled={locked || busy !== null}>
            {busy === "saving" ? "Saving…" : "Save"}
          </button>
          {saved?.status === "active" ? (
            <button type="button" class="button" data-testid="pause-campaign" disabled={busy !== null} onClick={() => void act(model.pause)}>
              {busy === "pausing" ? "Pausing…" : "Pause"}
            </button>
          ) : (
            saved?.status !== "completed" && (
              <button type="button" class="button" data-testid="activate-campaign" disabled={busy !== null} onClick={() => void act(model.activate)}>
                {busy === "activating" ? "Activating…" : `${verb}Activate`}
              </button>
            )
          )}
          {draft.kind === "scheduled" && (
            <button
              type="button"
              class="button"
              data-testid="send-campaign"
              disabled={busy !== null || saved?.status === "paused"}
              aria-describedby={saved?.status === "paused" ? "send-paused-hint" : undefined}
              onClick={() => void act(model.sendNow)}
            >
              {busy === "sending" ? "Sending…" : `${verb}Send now`}
            </button>
          )}
          <a class="button subtle" href={paths.campaigns}>
            Back to campaigns
          </a>
          {saved && saved.status !== "active" && (
            <ConfirmButton label="Delete" confirmLabel="Yes, delete" ariaLabel={`Delete the campaign ${saved.name}`} testId="delete-campaign" confirmTestId="confirm-delete-campaign" onConfirm={() => void remove()} />
          )}
        </p>
        {saved?.status === "paused" && draft.kind === "scheduled" && (
          <p class="hint" id="send-paused-hint">
            A paused campaign is not sent: activate it again first.
          </p>
        )}
        {model.deleteError.value && (
          <Notice kind="error" testId="campaign-delete-error">
            {model.deleteError.value}
          </Notice>
        )}
      </form>
      {saved && <TestSend model={model} />}
      {saved && draft.kind === "api" && saved.kind === "api" && <TriggerExample campaign={saved.id} active={saved.status === "active"} />}
      {saved && <RunsTable model={model} />}
      {saved && (
        <div class="campaign-figures">
          <DeliveryFigures
          sandbox={sandbox}
          source={`campaign:${saved.id}`}
          heading="Its messages by day"
          about="Every message of the campaign, its test sends included, by the day it was handed to the channel."
          refreshKey={`${model.runs.value.reduce((n, r) => n + settled(r.counts), 0)}|${model.testSent.value ?? ""}`}
          idPrefix="campaign-figures"
          />
        </div>
      )}
    </>
  );
}

function focusSummary() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-testid=form-errors] a")?.focus());
}

/** Status, kind and schedule of the saved campaign, in one line above the form. */
function StatusLine({ model }: { model: CampaignEditState }) {
  const c = model.original.value!;
  return (
    <p class="campaign-status-line" data-testid="campaign-status-line">
      <span class={`badge badge-${c.status}`} data-testid="campaign-status">
        {c.status}
      </span>{" "}
      {KIND_LABELS[c.kind]} · {c.channel} · {scheduleInWords(c.kind, c.schedule)}
      {model.dirty.value && !model.locked.value && <span class="unsaved"> · Unsaved changes</span>}
    </p>
  );
}

/** The sandbox's templates of the campaign's channel; a stored one of another channel (or gone) stays, marked. */
function TemplateSelect({ model, error }: { model: CampaignEditState; error?: string }) {
  const { channel, template } = model.draft.value;
  const all = model.templates.value;
  const options: Option[] = all.filter((t) => t.channel === channel).map((t) => ({ value: t.id, label: t.name === t.id ? t.id : `${t.name} (${t.id})` }));
  const chosen = all.find((t) => t.id === template);
  if (!template) options.unshift({ value: "", label: options.length ? "Choose a template" : `No ${channel} templates`, disabled: true });
  else if (!chosen) options.push({ value: template, label: `${template} (unknown)` });
  else if (chosen.channel !== channel) options.push({ value: template, label: `${chosen.name} (for ${chosen.channel})` });
  const hint = options.some((o) => !o.disabled && all.some((t) => t.id === o.value && t.channel === channel)) ? (
    <>
      The {channel} templates of this sandbox. <a href={paths.newTemplate}>Write a new one</a>.
    </>
  ) : (
    <>
      This sandbox has no {channel} template yet. <a href={paths.newTemplate}>Write one</a>.
    </>
  );
  return <SelectField id="campaign-template" label="Template" value={template} options={options} hint={hint} error={error} onChange={(t) => model.update({ template: t })} />;
}

function DecisionSelect({ model, error }: { model: CampaignEditState; error?: string }) {
  const { decision } = model.draft.value;
  const list = model.decisions.value;
  const options: Option[] = [{ value: "", label: "None" }, ...list.map((d) => ({ value: d.id, label: d.name === d.id ? d.id : `${d.name} (${d.id})` }))];
  if (decision && !list.some((d) => d.id === decision)) options.push({ value: decision, label: `${decision} (unknown)` });
  return (
    <SelectField
      id="campaign-decision"
      label="Decision (optional)"
      value={decision}
      options={options}
      hint={<>Run for each person when the message is sent: the template reads its offers as <code>{"{{ offers.hero }}"}</code>.</>}
      error={error}
      onChange={(d) => model.update({ decision: d })}
    />
  );
}

function ScheduledFields({ model, errorOf }: { model: CampaignEditState; errorOf: (f: keyof CampaignDraft) => string | undefined }) {
  const draft = model.draft.value;
  return (
    <fieldset class="group">
      <legend>Who and when</legend>
      <AudienceSelect
        id="campaign-audience"
        audiences={model.audiences.value}
        value={draft.audience}
        hint={
          <>
            Read from the published configuration: publish after creating or changing an audience. {model.audiences.value.length === 0 && <a href={paths.newAudience}>Create one</a>}
          </>
        }
        error={errorOf("audience")}
        onChange={(audience) => model.update({ audience })}
      />
      <SelectField
        id="campaign-schedule"
        label="Schedule"
        value={draft.schedule}
        options={SCHEDULE_OPTIONS}
        error={errorOf("schedule")}
        onChange={(schedule) => model.update({ schedule: schedule as ScheduleChoice })}
      />
      {draft.schedule === "once" && (
        <TextField id="campaign-onceAt" label="Send at" type="datetime-local" value={draft.onceAt} hint="In your time zone." error={errorOf("onceAt")} onInput={(onceAt) => model.update({ onceAt })} />
      )}
      {draft.schedule === "recurring" && (
        <div class="grid-3">
          <SelectField id="campaign-every" label="Every" value={draft.every} options={SCHEDULE_EVERY} error={errorOf("every")} onChange={(every) => model.update({ every: every as ScheduleEvery })} />
          <TextField
            id="campaign-time"
            label="At (UTC)"
            value={draft.time}
            placeholder="09:00"
            hint={draft.every === "hour" ? "HH:MM; only the minutes count." : draft.every === "week" ? "HH:MM, on Mondays." : "HH:MM, 24-hour."}
            error={errorOf("time")}
            onInput={(time) => model.update({ time })}
          />
          <TextField id="campaign-until" label="Until (optional)" type="datetime-local" value={draft.until} hint="In your time zone; empty for no end." error={errorOf("until")} onInput={(until) => model.update({ until })} />
        </div>
      )}
      {draft.schedule !== "none" && inputFromDraft(draft).input && (
        <p class="hint" data-testid="schedule-words">
          {scheduleInWords("scheduled", inputFromDraft(draft).input!.schedule ?? null)}, once it is active.
        </p>
      )}
    </fieldset>
  );
}

/** The campaign's message to one profile, marked as a test, into the outbox. */
function TestSend({ model }: { model: CampaignEditState }) {
  const [profileId, setProfileId] = useState("");
  const sent = model.testSent.value;
  return (
    <section class="card test-send" aria-labelledby="test-send-heading" data-testid="campaign-test">
      <h2 id="test-send-heading">Send a test</h2>
      <form
        class="form inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void model.sendTest(profileId);
        }}
      >
        <TextField id="campaign-test-profile" label="Profile id" value={profileId} hint="As shown on the Profiles page; a visitor's device id works." error={model.testError.value ?? undefined} onInput={setProfileId} />
        <p class="actions">
          <button type="submit" class="button" data-testid="send-test" disabled={model.busy.value !== null}>
            {model.busy.value === "testing" ? "Sending…" : "Send a test"}
          </button>
        </p>
      </form>
      <p class="hint">The message as the campaign would send it, marked as a test; consent and channel rules still apply.</p>
      {sent && (
        <Notice kind="ok" testId="campaign-test-sent">
          Test message queued. <a href={paths.outboxMessage(sent)}>Open it in the outbox</a>.
        </Notice>
      )}
    </section>
  );
}
