// A campaign's (or a run's) messages as one horizontal bar: sent, failed and blocked out of those
// targeted, the rest left empty while it waits. The label says the same in words.
import type { CampaignCounts } from "../../lib/types";
import { countSegments, countsInWords } from "./model";

export function CountsBar({ counts, testId }: { counts: CampaignCounts; testId?: string }) {
  const label = countsInWords(counts);
  return (
    <div class="counts-bar" role="img" aria-label={label} title={label} data-testid={testId}>
      {countSegments(counts).map((s) => (
        <span key={s.kind} class={`counts-bar-${s.kind}`} style={{ width: `${s.percent}%` }} />
      ))}
    </div>
  );
}
