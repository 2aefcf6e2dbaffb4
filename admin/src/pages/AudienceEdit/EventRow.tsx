// A condition on the profile's events: how many of a type (or the sum, min, max, first or last
// of a payload field), in a window ending now, compared with a value.
import { SelectField, TextField } from "../../components/fields";
import type { BuilderActions } from "./builder-context";
import { ConditionFrame } from "./ConditionFrame";
import { type Comparison, COMPARISONS, type EventCondition, type Measure, MEASURE_LABELS, MEASURES, NUMERIC_MEASURES, withMeasure } from "./rule-tree";
import { ValueFields } from "./ValueFields";

export function EventRow({ cond, actions }: { cond: EventCondition; actions: BuilderActions }) {
  const id = `cond-${cond.key}`;
  const counting = cond.measure === "count";
  const comparisons = COMPARISONS.map((c) => (c.value === "any" ? { ...c, label: counting ? "at least once" : "any value" } : c));
  return (
    <ConditionFrame nodeKey={cond.key} legend="Event" testId="condition-event" actions={actions}>
      <TextField id={`${id}-type`} testId="event-type" label="Event type" value={cond.type} placeholder="product.view" onInput={(type) => actions.change(cond.key, { type })} />
      <TextField
        id={`${id}-within`}
        testId="event-within"
        label="Within"
        value={cond.within}
        placeholder="7d"
        hint="30m, 12h, 7d, 2w; empty for all kept events"
        onInput={(within) => actions.change(cond.key, { within })}
      />
      <SelectField
        id={`${id}-measure`}
        testId="event-measure"
        label="Measure"
        value={cond.measure}
        options={MEASURES.map((m) => ({ value: m, label: MEASURE_LABELS[m] }))}
        onChange={(m) => actions.replace(cond.key, withMeasure(cond, m as Measure))}
      />
      {!counting && <TextField id={`${id}-field`} testId="event-field" label="Payload field" value={cond.field} placeholder="total" onInput={(field) => actions.change(cond.key, { field })} />}
      <SelectField id={`${id}-comparison`} testId="event-comparison" label="Comparison" value={cond.comparison} options={comparisons} onChange={(c) => actions.change(cond.key, { comparison: c as Comparison })} />
      {cond.comparison !== "any" && (
        <ValueFields
          idPrefix={id}
          value={cond.value}
          types={NUMERIC_MEASURES.has(cond.measure) ? ["number"] : ["text", "number", "boolean"]}
          onChange={(value) => actions.change(cond.key, { value })}
        />
      )}
      <TextField
        id={`${id}-where`}
        testId="event-where"
        label="Payload matches (JSON, optional)"
        value={cond.where}
        placeholder='{ "currency": "EUR" }'
        onInput={(where) => actions.change(cond.key, { where })}
      />
    </ConditionFrame>
  );
}
