/**
 * Audience benchmarks in Node: 1,000 generated audiences against one profile after one event
 * (the streaming evaluator), the same rules through plain sift as the peer, and the batch
 * evaluator over 100,000 generated profiles.
 */
import sift from "sift";
import { Bench } from "tinybench";
import { membersOf, type ProfileRows } from "../edge/src/audiences/batch";
import { eventList } from "../edge/src/audiences/evaluate";
import { compileAudiences, reevaluate, streamStep } from "../edge/src/audiences/membership";
import { validateRule } from "../edge/src/audiences/validate";
import type { JsonObject } from "../edge/src/profiles/events";
import { EVENT_TYPES as TYPES, generateRules, rng, TIERS, WINDOWS } from "./lib/generate";
import type { Figure } from "./lib/results";
import { median, round } from "./lib/stats";

const DAY = 86_400_000;
const BATCH_AUDIENCES = 50;

function profileEvents(random: () => number, now: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({ type: TYPES[Math.floor(random() * TYPES.length)], ts: now - Math.floor(random() * 30 * DAY), data: { n: i } as JsonObject }));
}

export async function audiences(quick: boolean): Promise<Figure[]> {
  const random = rng(11);
  const now = Date.UTC(2026, 11, 1);
  const rules = generateRules(1000, random);
  for (const r of rules) if (validateRule(r.rule).length) throw new Error(`generated rule ${r.id} is invalid`);
  const compiled = compileAudiences(rules.map((r) => ({ id: r.id, rule: r.rule })));
  const peers = rules.map((r) => sift(r.peer));

  const profile = { tier: "gold", points: 2400, city: "Lyon", email: "user3@example.test", tags: ["vip", "beta"] };
  const events = profileEvents(random, now, 500);
  const input = { profile, identities: { email: [profile.email] }, consent: {}, events: eventList(events), now };
  const aggregates: Record<string, number> = {};
  for (const t of TYPES) for (const w of WINDOWS) {
    const span = { "1h": 3600_000, "1d": DAY, "7d": 7 * DAY, "30d": 30 * DAY }[w]!;
    aggregates[`${t.replace(".", "_")}_${w}`] = events.filter((e) => e.type === t && e.ts >= now - span).length;
  }
  const peerDoc = { profile, agg: aggregates };
  const members = reevaluate(compiled, new Set(), input, null).current;

  // Rounds of all three, each timed on its own: a busy second of the shared machine then moves
  // one round, not one task's whole measurement; the figures are medians over the rounds, and
  // the ratio the median of each round's ratio (ours and the peer timed side by side).
  const rounds = quick ? 1 : 5;
  const p50s: [number[], number[], number[]] = [[], [], []];
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({ time: 300, warmupTime: r === 0 ? 300 : 50 });
    bench.add("streaming: 1,000 audiences after one event", () => {
      streamStep(compiled, { members, version: 1, at: now }, { attributes: [], eventTypes: ["event.3"], identities: false, consent: false }, input, 1);
    });
    bench.add("all 1,000 audiences, compiled", () => {
      reevaluate(compiled, members, input, null);
    });
    bench.add("peer: sift over the same 1,000 rules", () => {
      let n = 0;
      for (const test of peers) if (test(peerDoc)) n++;
      return n;
    });
    await bench.run();
    bench.tasks.forEach((t, i) => p50s[i].push(t.result!.latency.p50!));
  }
  const [step, all, peer] = p50s.map(median);
  const ratio = median(p50s[0].map((ms, i) => ms / p50s[2][i]));

  // Batch: 100,000 profiles as D1 rows, each with a few events, through the first 50 audiences
  // (a sandbox's batch audiences; all 1,000 would take minutes: see docs/performance.md).
  const count = quick ? 20_000 : 100_000;
  const batchAudiences = compileAudiences(rules.slice(0, BATCH_AUDIENCES).map((r) => ({ id: r.id, rule: r.rule })));
  const page: ProfileRows[] = [];
  const t0 = performance.now();
  let matched = 0;
  for (let i = 0; i < count; i++) {
    page.push({
      id: `p-${i}`,
      attributes: JSON.stringify({ tier: TIERS[i % 4], points: i % 5000, city: ["Lyon", "Paris", "Oslo"][i % 3], email: `user${i % 10}@example.test` }),
      consent: "{}",
      identities: [{ namespace: "pcid", value: `d-${i}` }],
      events: profileEvents(random, now, 5).map((e) => ({ type: e.type, ts: e.ts, data: JSON.stringify(e.data) })),
    });
    if (page.length === 1000) {
      for (const m of membersOf(batchAudiences, page, now).values()) matched += m.size;
      page.length = 0;
    }
  }
  for (const m of membersOf(batchAudiences, page, now).values()) matched += m.size;
  const batchSeconds = (performance.now() - t0) / 1000;

  const section = "Audiences (Node)";
  return [
    { section, name: "audiences.ms_per_event", value: round(step, 4), unit: "ms", note: `median of ${rounds} rounds; 1,000 audiences, ${members.size} matching, re-evaluating those an event of one type can change` },
    { section, name: "audiences.ms_all_1000", value: round(all, 4), unit: "ms", note: "median; every audience evaluated" },
    { section, name: "audiences.sift_ms_1000", value: round(peer, 4), unit: "ms", note: "peer: plain sift, same rules, event counts worked out beforehand" },
    { section, name: "audiences.ratio_to_sift", value: round(ratio, 3), unit: "×", note: "streaming step ÷ peer, round by round" },
    { section, name: "audiences.batch_seconds", value: round(batchSeconds, 2), unit: "s", note: `${count.toLocaleString("en")} profiles × ${BATCH_AUDIENCES} audiences, ${matched.toLocaleString("en")} memberships` },
    { section, name: "audiences.batch_profiles", value: count, unit: "profiles" },
    { section, name: "audiences.batch_rule_tests_per_second", value: round((count * BATCH_AUDIENCES) / batchSeconds, 0), unit: "tests/s" },
  ];
}
