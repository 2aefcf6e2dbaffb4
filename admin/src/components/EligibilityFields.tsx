// "Who it is for": everyone, the members of one of the sandbox's audiences, or people matching a
// rule of its own. Offers keep a rule set through the API as it is; decision criteria edit theirs
// here as JSON in the audience language (docs/audiences.md).
import type { ComponentChildren } from "preact";
import { paths } from "../lib/paths";
import type { AudienceSummary } from "../lib/types";
import { AudienceSelect } from "./AudienceSelect";
import { type Option, SelectField, TextAreaField } from "./fields";

export type Viewers = "everyone" | "audience" | "rule";

type Props = {
  /** Prefix of the controls' ids, e.g. `offer` gives `offer-eligibility` and `offer-audience`. */
  idPrefix: string;
  label: string;
  hint?: ComponentChildren;
  who: Viewers;
  audience: string;
  audiences: readonly AudienceSummary[];
  audiencesError: string | null;
  /** "edit": a JSON box for the rule; "keep": a stored rule is offered as it is; "none": no rule option. */
  rule: { mode: "edit"; text: string } | { mode: "keep" } | { mode: "none" };
  errors: { who?: string; audience?: string; rule?: string };
  testId?: string;
  onChange: (patch: { who?: Viewers; audience?: string; ruleText?: string }) => void;
};

export function EligibilityFields({ idPrefix, label, hint, who, audience, audiences, audiencesError, rule, errors, testId, onChange }: Props) {
  const options: Option[] = [
    { value: "everyone", label: "Everyone" },
    { value: "audience", label: "Members of an audience" },
    ...(rule.mode === "edit" ? [{ value: "rule", label: "People matching a rule" }] : []),
    ...(rule.mode === "keep" ? [{ value: "rule", label: "People matching its own rule (set through the API)" }] : []),
  ];
  return (
    <div class="grid-2" data-testid={testId}>
      <SelectField id={`${idPrefix}-eligibility`} label={label} value={who} options={options} hint={hint} error={errors.who} onChange={(v) => onChange({ who: v as Viewers })} />
      {who === "audience" && (
        <AudienceSelect
          id={`${idPrefix}-audience`}
          audiences={audiences}
          value={audience}
          hint={
            audiencesError ? (
              `Could not list the audiences: ${audiencesError}`
            ) : audiences.length ? undefined : (
              <>
                This sandbox has no audiences yet. <a href={paths.newAudience}>Create one</a>.
              </>
            )
          }
          error={errors.audience}
          onChange={(a) => onChange({ audience: a })}
        />
      )}
      {who === "rule" && rule.mode === "edit" && (
        <TextAreaField
          id={`${idPrefix}-rule`}
          label="Rule (JSON)"
          code
          rows={3}
          value={rule.text}
          hint={<>In the audience language, such as <code>{'{ "profile.tier": "gold" }'}</code>.</>}
          error={errors.rule}
          onInput={(ruleText) => onChange({ ruleText })}
        />
      )}
    </div>
  );
}
