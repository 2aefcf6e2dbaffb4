// The offer's capping rules: up to ten, each read back as a sentence while it is edited.
import { CheckboxField, SelectField, TextField } from "../../components/fields";
import { type CapCounts, type CapDraft, type CapPeriod, COUNTS_OPTIONS, MAX_CAPS, PERIOD_OPTIONS, SCOPE_OPTIONS, capSentence } from "./caps";

type Props = {
  caps: CapDraft[];
  errors: Record<string, string>;
  onAdd: () => void;
  onChange: (key: number, patch: Partial<CapDraft>) => void;
  onRemove: (key: number) => void;
};

export function CapsEditor({ caps, errors, onAdd, onChange, onRemove }: Props) {
  return (
    <section class="caps" aria-labelledby="caps-heading" data-testid="caps-editor">
      <h2 id="caps-heading">Caps</h2>
      <p class="hint">
        How often the offer may be decided, shown or clicked. The edge checks every rule before choosing the offer; once one is reached, the next offer takes its place.
        Calendar periods start at midnight in the rule's time zone (the sandbox's when empty); weeks start on Monday.
      </p>
      {errors.caps && <p class="field-error">{errors.caps}</p>}
      {caps.length === 0 && <p class="muted">No caps: the offer can be shown every time it qualifies.</p>}
      {caps.map((cap, index) => (
        <CapFieldset key={cap.key} cap={cap} index={index} errors={errors} onChange={(patch) => onChange(cap.key, patch)} onRemove={() => onRemove(cap.key)} />
      ))}
      <p class="actions tight-top">
        <button type="button" class="button" data-testid="add-cap" disabled={caps.length >= MAX_CAPS} aria-describedby={caps.length >= MAX_CAPS ? "caps-max" : undefined} onClick={onAdd}>
          Add cap
        </button>
        {caps.length >= MAX_CAPS && (
          <span class="hint" id="caps-max">
            An offer has at most {MAX_CAPS} caps.
          </span>
        )}
      </p>
    </section>
  );
}

type FieldsetProps = { cap: CapDraft; index: number; errors: Record<string, string>; onChange: (patch: Partial<CapDraft>) => void; onRemove: () => void };

function CapFieldset({ cap, index, errors, onChange, onRemove }: FieldsetProps) {
  const id = (field: string) => `cap-${cap.key}-${field}`;
  const error = (field: string) => errors[`caps.${index}.${field}`];
  const calendar = cap.period === "day" || cap.period === "week" || cap.period === "month";
  return (
    <fieldset class="cap" data-testid={`cap-${index}`}>
      <legend>Cap {index + 1}</legend>
      <p class="cap-sentence" data-testid="cap-sentence" aria-live="polite">
        {capSentence(cap)}
      </p>
      <div class="cap-fields">
        <SelectField id={id("counts")} testId="cap-counts" label="What it counts" value={cap.counts} options={COUNTS_OPTIONS} error={cap.counts === "event" ? undefined : error("counts")} onChange={(v) => onChange({ counts: v as CapCounts })} />
        {cap.counts === "event" && (
          <TextField id={id("event")} testId="cap-event-type" label="Event type" value={cap.eventType} placeholder="add_to_cart" hint="Events whose data.offerId names this offer." error={error("counts")} onInput={(eventType) => onChange({ eventType })} />
        )}
        <SelectField id={id("scope")} testId="cap-scope" label="Counted" value={cap.scope} options={SCOPE_OPTIONS} error={error("scope")} onChange={(v) => onChange({ scope: v as CapDraft["scope"] })} />
        <SelectField id={id("period")} testId="cap-period" label="Period" value={cap.period} options={PERIOD_OPTIONS} error={error("period") ?? error("period.unit")} onChange={(v) => onChange({ period: v as CapPeriod })} />
        {calendar && (
          <TextField id={id("zone")} testId="cap-time-zone" label="Time zone (optional)" value={cap.timeZone} placeholder="Europe/Paris" error={error("period.timeZone")} onInput={(timeZone) => onChange({ timeZone })} />
        )}
        {cap.period === "rolling" && <TextField id={id("hours")} testId="cap-hours" label="Hours" type="number" value={cap.hours} error={error("period.hours")} onInput={(hours) => onChange({ hours })} />}
        <TextField id={id("limit")} testId="cap-limit" label="Limit" type="number" value={cap.limit} hint="At most this many." error={error("limit")} onInput={(limit) => onChange({ limit })} />
        <CheckboxField id={id("per-placement")} testId="cap-per-placement" label="Count each placement separately" checked={cap.perPlacement} error={error("perPlacement")} onChange={(perPlacement) => onChange({ perPlacement })} />
      </div>
      {errors[`caps.${index}`] && <p class="field-error">{errors[`caps.${index}`]}</p>}
      <button type="button" class="button subtle" data-testid="remove-cap" onClick={onRemove}>
        Remove cap {index + 1}
      </button>
    </fieldset>
  );
}
