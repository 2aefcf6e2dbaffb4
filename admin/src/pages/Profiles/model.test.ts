import { describe, expect, it } from "vitest";
import { namespaceOptions } from "./model";

describe("the namespace select", () => {
  it("lists the built-in namespaces, then the sandbox's own by name", () => {
    const options = namespaceOptions({
      builtIn: ["pcid", "email", "phone", "crmId"],
      items: [
        { id: "loyalty", name: "Loyalty card", createdAt: 1 },
        { id: "member", name: "member", createdAt: 2 },
      ],
    });
    expect(options.map((o) => o.value)).toEqual(["pcid", "email", "phone", "crmId", "loyalty", "member"]);
    expect(options.find((o) => o.value === "loyalty")?.label).toBe("Loyalty card (loyalty)");
    expect(options.find((o) => o.value === "member")?.label).toBe("member");
  });

  it("still offers the built-in ones when the list could not be loaded", () => {
    expect(namespaceOptions(null).map((o) => o.value)).toEqual(["pcid", "email", "phone", "crmId"]);
  });
});
