import { describe, expect, it } from "vitest";
import { eventList } from "./evaluate";
import { explain } from "./explain";

const now = 1_800_000_000_000;
const input = {
  profile: { tier: "gold", points: 20 },
  identities: {},
  consent: {},
  events: eventList([{ type: "product.view", ts: now - 1000, data: {} }, { type: "product.view", ts: now - 2000, data: {} }]),
  now,
  member: () => false,
};

describe("explaining a verdict", () => {
  it("gives each clause its own verdict and what $event measured", () => {
    const result = explain({ "profile.tier": "gold", $or: [{ "profile.points": { $gt: 100 } }, { $event: { type: "product.view", within: "1d", is: { $gte: 3 } } }] }, input);
    expect(result.match).toBe(false);
    expect(result.explanation).toEqual([
      { clause: "profile.tier", path: "profile.tier", match: true, condition: "gold" },
      {
        clause: "$or", path: "$or", match: false, children: [
          { clause: "(all of)", path: "$or.0", match: false, children: [{ clause: "profile.points", path: "$or.0.profile.points", match: false, condition: { $gt: 100 } }] },
          { clause: "(all of)", path: "$or.1", match: false, children: [{ clause: "$event", path: "$or.1.$event", match: false, measured: 2, condition: { type: "product.view", within: "1d", is: { $gte: 3 } } }] },
        ],
      },
    ]);
  });
});
