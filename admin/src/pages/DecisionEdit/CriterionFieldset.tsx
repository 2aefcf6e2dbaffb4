// One criterion of a placement: where its candidates come from (a collection), who it is for,
// and how it ranks them. Move buttons reorder it; the editor keeps focus on the moved one.
import { EligibilityFields } from "../../components/EligibilityFields";
import { type Option, SelectField } from "../../components/fields";
import { paths } from "../../lib/paths";
import type { AudienceSummary, CollectionSummary } from "../../lib/types";
import { type CriterionDraft, criterionKey, errorUnder } from "./draft";
import { RankingFields } from "./RankingFields";

type Props = {
  criterion: CriterionDraft;
  index: number;
  count: number;
  placement: string;
  collections: CollectionSummary[];
  audiences: AudienceSummary[];
  audiencesError: string | null;
  errors: Record<string, string>;
  onChange: (patch: Partial<CriterionDraft>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
};

export function CriterionFieldset({ criterion: c, index, count, placement, collections, audiences, audiencesError, errors, onChange, onMove, onRemove }: Props) {
  const id = (field: string) => `crit-${c.key}-${field}`;
  const options: Option[] = collections.map((col) => ({ value: col.id, label: `${col.name === col.id ? col.id : `${col.name} (${col.id})`}: ${col.size} approved` }));
  if (!c.collection) options.unshift({ value: "", label: "Choose a collection", disabled: true });
  else if (!collections.some((col) => col.id === c.collection)) options.push({ value: c.collection, label: `${c.collection} (unknown)` });
  const where = placement ? ` in ${placement}` : "";

  return (
    <fieldset class="criterion" data-testid={`criterion-${index}`} data-key={c.key}>
      <legend>
        Criterion {index + 1}
        <span class="muted"> of {count}</span>
      </legend>
      <div class="criterion-tools" role="group" aria-label={`Order of criterion ${index + 1}${where}`}>
        <button type="button" class="button subtle" id={id("up")} data-testid="criterion-up" aria-label={`Move criterion ${index + 1}${where} up`} disabled={index === 0} onClick={() => onMove(-1)}>
          ↑ Up
        </button>
        <button type="button" class="button subtle" id={id("down")} data-testid="criterion-down" aria-label={`Move criterion ${index + 1}${where} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
          ↓ Down
        </button>
        <button type="button" class="button subtle" data-testid="criterion-remove" aria-label={`Remove criterion ${index + 1}${where}`} disabled={count === 1} onClick={onRemove}>
          Remove
        </button>
      </div>
      <SelectField
        id={id("collection")}
        testId="criterion-collection"
        label="Collection"
        value={c.collection}
        options={options}
        hint={
          collections.length ? undefined : (
            <>
              This sandbox has no collections yet. <a href={paths.newCollection}>Create one</a>.
            </>
          )
        }
        error={errors[criterionKey(c, "collection")]}
        onChange={(collection) => onChange({ collection })}
      />
      <EligibilityFields
        idPrefix={`crit-${c.key}`}
        label="Who this criterion is for"
        hint="A profile it is not for skips to the next criterion."
        who={c.who}
        audience={c.audience}
        audiences={audiences}
        audiencesError={audiencesError}
        rule={{ mode: "edit", text: c.ruleText }}
        errors={{
          who: errors[criterionKey(c, "eligibility")],
          audience: errors[criterionKey(c, "eligibility.audience")],
          rule: errorUnder(errors, criterionKey(c, "eligibility.rule")),
        }}
        testId="criterion-eligibility"
        onChange={(patch) => onChange(patch)}
      />
      <RankingFields criterion={c} errors={errors} onChange={onChange} />
      {errors[criterionKey(c)] && <p class="field-error">{errors[criterionKey(c)]}</p>}
    </fieldset>
  );
}
