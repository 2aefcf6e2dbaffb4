import { afterEach, describe, expect, it, vi } from "vitest";
import { now, uuid } from "./ids";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("ids", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("uses crypto.randomUUID when the platform has it", () => {
    vi.stubGlobal("crypto", { randomUUID: () => "from-platform" });
    expect(uuid()).toBe("from-platform");
  });

  it("builds a v4 id from getRandomValues when randomUUID is missing (plain-http pages)", () => {
    vi.stubGlobal("crypto", { getRandomValues: (a: Uint8Array) => a.fill(0xff) });
    expect(uuid()).toMatch(V4);
  });

  it("still builds distinct v4 ids without any crypto (old React Native)", () => {
    vi.stubGlobal("crypto", undefined);
    const ids = new Set(Array.from({ length: 50 }, uuid));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(V4);
  });

  it("stamps ISO-8601 UTC timestamps", () => {
    expect(now()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
