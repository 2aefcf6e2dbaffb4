// One placement of the decision: how many offers it shows, its fallback, and the ordered
// criteria that fill it, tried from the first until the items are filled.
import { type Option, SelectField, TextField } from "../../components/fields";
import type { AudienceSummary, CollectionSummary, Offer, Placement } from "../../lib/types";
import { CriterionFieldset } from "./CriterionFieldset";
import { type CriterionDraft, type EntryDraft, entryKey, fallbackChoices, MAX_CRITERIA, MAX_ITEMS } from "./draft";

type Props = {
  entry: EntryDraft;
  index: number;
  canRemove: boolean;
  placements: Placement[];
  /** Placements other entries use: each placement once per decision. */
  taken: Set<string>;
  offers: Offer[];
  collections: CollectionSummary[];
  audiences: AudienceSummary[];
  audiencesError: string | null;
  errors: Record<string, string>;
  onChange: (patch: Partial<EntryDraft>) => void;
  onRemove: () => void;
  onCriterion: (key: number, patch: Partial<CriterionDraft>) => void;
  onAddCriterion: () => void;
  onRemoveCriterion: (key: number) => void;
  onMoveCriterion: (key: number, delta: -1 | 1) => void;
};

export function EntryFieldset(props: Props) {
  const { entry, index, placements, taken, offers, errors, onChange } = props;
  const id = (field: string) => `entry-${entry.key}-${field}`;

  const placementOptions: Option[] = placements.map((p) => ({ value: p.id, label: p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id, disabled: taken.has(p.id) }));
  if (!entry.placement) placementOptions.unshift({ value: "", label: "Choose a placement", disabled: true });
  else if (!placements.some((p) => p.id === entry.placement)) placementOptions.push({ value: entry.placement, label: `${entry.placement} (unknown)` });

  const fallbacks = fallbackChoices(offers, entry.placement);
  const fallbackOptions: Option[] = [{ value: "", label: "None: show nothing" }, ...fallbacks.map((o) => ({ value: o.id, label: o.name === o.id ? o.id : `${o.name} (${o.id})` }))];
  if (entry.fallback && !fallbacks.some((o) => o.id === entry.fallback)) fallbackOptions.push({ value: entry.fallback, label: `${entry.fallback} (not a fallback here)` });

  const choosePlacement = (placement: string) => {
    // A fallback only counts where it has content: keep it only if it still fits.
    const keep = fallbackChoices(offers, placement).some((o) => o.id === entry.fallback);
    onChange({ placement, ...(keep ? {} : { fallback: "" }) });
  };

  return (
    <fieldset class="entry" data-testid={`entry-${entry.placement || index}`}>
      <legend>
        Placement {index + 1}
        {entry.placement && <span class="muted">: {entry.placement}</span>}
      </legend>
      <div class="grid-3">
        <SelectField id={id("placement")} testId="entry-placement" label="Placement" value={entry.placement} options={placementOptions} error={errors[entryKey(entry, "placement")]} onChange={choosePlacement} />
        <TextField
          id={id("items")}
          testId="entry-items"
          label="Items to show"
          type="number"
          value={entry.items}
          hint={`1 to ${MAX_ITEMS}; a carousel shows several.`}
          error={errors[entryKey(entry, "items")]}
          onInput={(items) => onChange({ items })}
        />
        <SelectField
          id={id("fallback")}
          testId="entry-fallback"
          label="Fallback offer"
          value={entry.fallback}
          options={fallbackOptions}
          hint={fallbacks.length ? "Shown when no criterion chooses an offer." : "No fallback offer has content for this placement yet."}
          error={errors[entryKey(entry, "fallback")]}
          onChange={(fallback) => onChange({ fallback })}
        />
      </div>
      <h3 class="criteria-heading">Criteria, tried in order</h3>
      {errors[entryKey(entry, "criteria")] && <p class="field-error">{errors[entryKey(entry, "criteria")]}</p>}
      <ol class="criteria">
        {entry.criteria.map((c, j) => (
          <li key={c.key}>
            <CriterionFieldset
              criterion={c}
              index={j}
              count={entry.criteria.length}
              placement={entry.placement}
              collections={props.collections}
              audiences={props.audiences}
              audiencesError={props.audiencesError}
              errors={errors}
              onChange={(patch) => props.onCriterion(c.key, patch)}
              onMove={(delta) => props.onMoveCriterion(c.key, delta)}
              onRemove={() => props.onRemoveCriterion(c.key)}
            />
          </li>
        ))}
      </ol>
      <p class="actions tight-top">
        <button type="button" class="button" data-testid="add-criterion" disabled={entry.criteria.length >= MAX_CRITERIA} onClick={props.onAddCriterion}>
          Add criterion
        </button>
        {props.canRemove && (
          <button type="button" class="button subtle" data-testid="remove-entry" onClick={props.onRemove}>
            Remove placement {entry.placement || index + 1} from the decision
          </button>
        )}
      </p>
      {errors[entryKey(entry)] && <p class="field-error">{errors[entryKey(entry)]}</p>}
    </fieldset>
  );
}
