/**
 * Auto-optimisation: Thompson sampling over each offer's displays and clicks in a placement.
 * Every decision draws a plausible click rate for each offer from its Beta(clicks + 1,
 * displays − clicks + 1) posterior and shows the highest draw, so better offers win more often
 * while uncertain ones still get tried. A share of traffic (`exploration`) is spread evenly over
 * the candidates whatever their counts. The random source is injected, so tests are seeded.
 */

export type Arm = { id: string; displays: number; clicks: number };
export type Random = () => number;

/** A seedable uniform source in [0, 1) (Mulberry32). */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: Random): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia and Tsang's method (shape ≥ 1; boosted below 1). */
function gamma(shape: number, random: Random): number {
  if (shape < 1) return gamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function sampleBeta(alpha: number, beta: number, random: Random): number {
  const x = gamma(alpha, random);
  return x / (x + gamma(beta, random));
}

/** The candidates in the order to show them: highest sampled click rate first. */
export function rankByThompson(arms: readonly Arm[], random: Random, exploration = 0): Arm[] {
  if (arms.length <= 1) return [...arms];
  if (exploration > 0 && random() < exploration) {
    const shuffled = [...arms];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    return shuffled;
  }
  return arms
    .map((arm) => ({ arm, draw: sampleBeta(arm.clicks + 1, Math.max(0, arm.displays - arm.clicks) + 1, random) }))
    .sort((a, b) => b.draw - a.draw)
    .map((x) => x.arm);
}
