// How a criterion orders its eligible offers: by priority, by a formula, or automatically
// (Thompson sampling on displays and clicks, with a share of traffic spread evenly to explore).
import { SelectField, TextAreaField, TextField } from "../../components/fields";
import { type CriterionDraft, criterionKey, errorUnder, type RankingKind } from "./draft";

const RANKINGS = [
  { value: "priority", label: "By priority (highest first)" },
  { value: "formula", label: "By a formula" },
  { value: "auto", label: "Automatically, by clicks (learns)" },
];

const EXAMPLES = ["offer.priority * 10 + offer.margin", 'has(offer.tags, "summer") ? 100 : offer.priority', 'profile.tier == "gold" ? offer.margin : -offer.margin', "context.device.type == \"mobile\" ? offer.mobileBoost : 0"];

type Props = { criterion: CriterionDraft; errors: Record<string, string>; onChange: (patch: Partial<CriterionDraft>) => void };

export function RankingFields({ criterion: c, errors, onChange }: Props) {
  const id = (field: string) => `crit-${c.key}-${field}`;
  return (
    <div class="ranking">
      <SelectField id={id("ranking")} testId="criterion-ranking" label="Ranking" value={c.ranking} options={RANKINGS} error={errors[criterionKey(c, "ranking")] ?? errors[criterionKey(c, "ranking.kind")]} onChange={(v) => onChange({ ranking: v as RankingKind })} />
      {c.ranking === "priority" && <p class="hint">The offers' own priority decides; ties go to the older offer.</p>}
      {c.ranking === "formula" && (
        <>
          <TextAreaField
            id={id("formula")}
            testId="criterion-formula"
            label="Formula"
            code
            rows={3}
            value={c.formula}
            hint="Scored for each eligible offer; the highest score is shown first. An offer whose score is not a number ranks last."
            error={errorUnder(errors, criterionKey(c, "ranking.formula"))}
            onInput={(formula) => onChange({ formula })}
          />
          <details class="formula-help">
            <summary>Formula help</summary>
            <ul>
              <li>
                Arithmetic <code>+ - * / %</code>, comparisons <code>== != &lt; &lt;= &gt; &gt;=</code>, <code>&amp;&amp;</code>, <code>||</code>, <code>!</code>, and{" "}
                <code>condition ? a : b</code>.
              </li>
              <li>
                Functions: <code>min</code>, <code>max</code>, <code>abs</code>, <code>round</code>, <code>floor</code>, <code>ceil</code>, <code>log</code>, <code>exp</code>,{" "}
                <code>sqrt</code>, <code>has(list, value)</code>, <code>coalesce(a, b, …)</code> (the first that is not missing).
              </li>
              <li>
                Values: <code>offer.priority</code>, <code>offer.tags</code>, <code>offer.&lt;attribute&gt;</code> (the offer form's attributes), <code>profile.&lt;attribute&gt;</code>,{" "}
                <code>context.page.path</code>, <code>context.device.type</code>, <code>context.time.hour</code> and the rest of the request context. A missing value reads as null.
              </li>
              <li>
                Examples:{" "}
                {EXAMPLES.map((e, i) => (
                  <span key={e}>
                    {i > 0 && "; "}
                    <code>{e}</code>
                  </span>
                ))}
                .
              </li>
            </ul>
          </details>
        </>
      )}
      {c.ranking === "auto" && (
        <TextField
          id={id("exploration")}
          testId="criterion-exploration"
          label="Exploration share (%)"
          type="number"
          value={c.exploration}
          hint="The share of traffic shown an offer at random, so newer offers get a chance; the rest goes to the offers most likely to be clicked. 10% is a good start."
          error={errorUnder(errors, criterionKey(c, "ranking.exploration"))}
          onInput={(exploration) => onChange({ exploration })}
        />
      )}
    </div>
  );
}
