import { afterEach, describe, expect, it, vi } from "vitest";
import { createEmitter } from "./emitter";

describe("emitter", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("calls listeners in order and stops after off", () => {
    const e = createEmitter();
    const calls: string[] = [];
    const a = (p: string) => calls.push("a" + p);
    e.on("x", a);
    e.on("x", (p: string) => calls.push("b" + p));
    e.emit("x", 1);
    e.off("x", a);
    e.emit("x", 2);
    expect(calls).toEqual(["a1", "b1", "b2"]);
  });

  it("keeps calling listeners after one throws, and reports the throw to the host", () => {
    const reportError = vi.fn();
    vi.stubGlobal("reportError", reportError);
    const e = createEmitter();
    const boom = new Error("host bug");
    let reached = false;
    e.on("x", () => {
      throw boom;
    });
    e.on("x", () => (reached = true));
    expect(() => e.emit("x", null)).not.toThrow();
    expect(reached).toBe(true);
    expect(reportError).toHaveBeenCalledWith(boom);
  });
});
