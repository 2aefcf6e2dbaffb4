import { describe, expect, it } from "vitest";
import type { SandboxSettings } from "../../lib/types";
import { patchFromDraft } from "./model";

const current: SandboxSettings = { timeZone: "UTC", mergePolicy: "last-write", schemaMode: "lenient", anonymousTtlDays: 30 };

describe("patchFromDraft", () => {
  it("sends only the settings that changed", () => {
    expect(patchFromDraft({ ...current, anonymousTtlDays: "30" }, current)).toEqual({ patch: {} });
    expect(patchFromDraft({ ...current, timeZone: " Europe/Paris ", schemaMode: "strict", anonymousTtlDays: "90" }, current)).toEqual({
      patch: { timeZone: "Europe/Paris", schemaMode: "strict", anonymousTtlDays: 90 },
    });
  });

  it("asks for a whole number of days before sending", () => {
    expect(patchFromDraft({ ...current, anonymousTtlDays: "1.5" }, current)).toEqual({ errors: { anonymousTtlDays: expect.stringContaining("whole number") } });
  });
});
