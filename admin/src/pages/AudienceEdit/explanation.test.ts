import { describe, expect, it } from "vitest";
import { simplify } from "./explanation";

describe("the explanation as shown", () => {
  it("drops the wrapper of list elements holding one clause, keeping those holding several", () => {
    const tier = { clause: "profile.tier", path: "$or.0.profile.tier", match: true, condition: "gold" };
    const a = { clause: "profile.a", path: "$or.1.profile.a", match: false, condition: 1 };
    const b = { clause: "profile.b", path: "$or.1.profile.b", match: true, condition: 2 };
    const tree = [
      {
        clause: "$or",
        path: "$or",
        match: true,
        children: [
          { clause: "(all of)", path: "$or.0", match: true, children: [tier] },
          { clause: "(all of)", path: "$or.1", match: false, children: [a, b] },
        ],
      },
    ];
    expect(simplify(tree)).toEqual([{ ...tree[0], children: [tier, tree[0].children[1]] }]);
  });
});
