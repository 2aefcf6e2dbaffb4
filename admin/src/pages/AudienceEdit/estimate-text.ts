// The estimate as one line of text: "≈ 1,240 profiles (62 of 5,000 sampled)".
import { formatCount } from "../../lib/format";
import type { Estimate } from "../../lib/types";

const profiles = (n: number) => `${formatCount(n)} ${n === 1 ? "profile" : "profiles"}`;

export function estimateText(e: Estimate): string {
  const line = `≈ ${profiles(e.estimate)} (${formatCount(e.matched)} of ${formatCount(e.sampled)} sampled)`;
  return e.exact ? `${line}, every profile looked at` : `${line} out of ${profiles(e.profiles)}`;
}
