/** The seedable PRNG of generated test and benchmark data: the edge's own (Mulberry32). */
export { seeded as rng } from "../../edge/src/decisioning/thompson";
