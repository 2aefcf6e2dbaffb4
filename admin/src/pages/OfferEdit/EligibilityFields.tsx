// "Who can see it": everyone, or the members of one of the sandbox's audiences. An offer given a
// rule of its own through the API keeps it, shown here as such.
import { AudienceSelect } from "../../components/AudienceSelect";
import { type Option, SelectField } from "../../components/fields";
import { paths } from "../../lib/paths";
import type { AudienceSummary } from "../../lib/types";
import type { OfferDraft, Viewers } from "./draft";

type Props = {
  draft: OfferDraft;
  audiences: AudienceSummary[];
  audiencesError: string | null;
  /** Whether the stored offer has a rule of its own. */
  hasRule: boolean;
  errors: Record<string, string>;
  onChange: (patch: Partial<OfferDraft>) => void;
};

export function EligibilityFields({ draft, audiences, audiencesError, hasRule, errors, onChange }: Props) {
  const who: Option[] = [
    { value: "everyone", label: "Everyone" },
    { value: "audience", label: "Members of an audience" },
    ...(hasRule ? [{ value: "rule", label: "People matching its own rule (set through the API)" }] : []),
  ];

  return (
    <div class="grid-2">
      <SelectField
        id="offer-eligibility"
        label="Who can see it"
        value={draft.who}
        options={who}
        hint="Judged at the edge when the offer is decided."
        error={errors.eligibility}
        onChange={(v) => onChange({ who: v as Viewers })}
      />
      {draft.who === "audience" && (
        <AudienceSelect
          id="offer-audience"
          audiences={audiences}
          value={draft.audience}
          hint={
            audiencesError ? (
              `Could not list the audiences: ${audiencesError}`
            ) : audiences.length ? undefined : (
              <>
                This sandbox has no audiences yet. <a href={paths.newAudience}>Create one</a>.
              </>
            )
          }
          error={errors["eligibility.audience"]}
          onChange={(audience) => onChange({ audience })}
        />
      )}
    </div>
  );
}
