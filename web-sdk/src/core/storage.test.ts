import { describe, expect, it } from "vitest";
import { forget, memoryStorage, safeStorage } from "./storage";

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

  it("removes a key from the host storage and from its memory copy", () => {
    const host = memoryStorage();
    const s = safeStorage(() => host);
    s.setItem("k", "v");
    s.removeItem!("k");
    expect(host.getItem("k")).toBeNull();
    expect(s.getItem("k")).toBeNull();
  });

  it("forgets a key in a storage without removeItem by blanking it", () => {
    const map = new Map<string, string>();
    const bare = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const s = safeStorage(() => bare);
    s.setItem("k", "v");
    forget(s, "k");
    forget(bare, "k");
    expect(map.get("k")).toBe("");
    expect(s.getItem("k")).toBeFalsy();
  });

  it("never throws when removing from a storage that refuses", () => {
    const s = safeStorage(() => {
      throw new DOMException("denied", "SecurityError");
    });
    s.setItem("k", "v");
    expect(() => s.removeItem!("k")).not.toThrow();
    expect(s.getItem("k")).toBeNull();
  });
});
