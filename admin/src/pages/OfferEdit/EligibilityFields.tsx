// "Who can see it" on the offer form: everyone, or the members of one of the sandbox's audiences.
// An offer given a rule of its own through the API keeps it, shown here as such.
import { EligibilityFields as Fields } from "../../components/EligibilityFields";
import type { AudienceSummary } from "../../lib/types";
import type { OfferDraft } from "./draft";

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
  return (
    <Fields
      idPrefix="offer"
      label="Who can see it"
      hint="Judged at the edge when the offer is decided."
      who={draft.who}
      audience={draft.audience}
      audiences={audiences}
      audiencesError={audiencesError}
      rule={hasRule ? { mode: "keep" } : { mode: "none" }}
      errors={{ who: errors.eligibility, audience: errors["eligibility.audience"], rule: errors["eligibility.rule"] }}
      onChange={({ who, audience }) => onChange({ ...(who ? { who } : {}), ...(audience !== undefined ? { audience } : {}) })}
    />
  );
}
