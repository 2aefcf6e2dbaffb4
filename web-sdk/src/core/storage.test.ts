import { describe, expect, it } from "vitest";
import { memoryStorage, safeStorage } from "./storage";

describe("safeStorage", () => {
  it("passes reads and writes through to the host storage", () => {
    const host = memoryStorage();
    const s = safeStorage(() => host);
    s.setItem("k", "v");
    expect(host.getItem("k")).toBe("v");
    expect(s.getItem("k")).toBe("v");
  });

  it("never throws when merely reaching the storage throws (sandboxed iframe)", () => {
    const s = safeStorage(() => {
      throw new DOMException("denied", "SecurityError");
    });
    expect(() => s.setItem("k", "v")).not.toThrow();
    expect(s.getItem("k")).toBe("v");
  });

  it("never throws when reads and writes throw, and remembers the value for this page", () => {
    const s = safeStorage(() => ({
      getItem: () => {
        throw new Error("read");
      },
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
    }));
    expect(() => s.setItem("k", "v")).not.toThrow();
    expect(s.getItem("k")).toBe("v");
  });
});
