import { describe, expect, it } from "vitest";
import { DEVELOPMENT_KEY, hintOf, keySource, mergeSecrets, seal, secretsView, unseal } from "./secrets";

const env = (key?: string) => ({ PROVIDER_KEY: key }) as unknown as Env;

describe("provider secrets", () => {
  it("seal and open under the same key and row, and show at most the last four characters", async () => {
    const sealed = (await seal(env("k1"), { serverToken: "pm-server-token-0123456789", pin: "1234" }, "providers:sb:pm"))!;
    expect(sealed).not.toContain("pm-server-token");
    expect(sealed).not.toContain("1234\"");
    expect(await unseal(env("k1"), sealed, "providers:sb:pm")).toEqual({ serverToken: "pm-server-token-0123456789", pin: "1234" });
    expect(secretsView(sealed)).toEqual({ hasSecret: true, secrets: { serverToken: { last4: "6789" }, pin: { last4: null } } });
    expect(secretsView(null)).toEqual({ hasSecret: false, secrets: {} });
    expect(hintOf("short")).toBeNull();
  });

  it("refuse to open under another key or in another row", async () => {
    const sealed = (await seal(env("k1"), { apiKey: "re_123456789012" }, "providers:sb:a"))!;
    await expect(unseal(env("k2"), sealed, "providers:sb:a")).rejects.toThrow(/another PROVIDER_KEY/);
    await expect(unseal(env("k1"), sealed, "providers:sb:b")).rejects.toThrow(/do not open/);
    await expect(unseal(env("k1"), sealed.replace(/"ct":"./, '"ct":"A'), "providers:sb:a")).rejects.toThrow(/do not open/);
  });

  it("fall back to the documented development key, and say so", async () => {
    expect(keySource(env())).toBe("development");
    expect(keySource(env("k1"))).toBe("PROVIDER_KEY");
    const sealed = (await seal(env(), { token: "abc" }, "custom_actions:sb:x"))!;
    expect(await unseal(env(DEVELOPMENT_KEY), sealed, "custom_actions:sb:x")).toEqual({ token: "abc" });
    expect(await seal(env(), {}, "x")).toBeNull();
  });

  it("merge updates: kept when left out, replaced when given, removed with null", () => {
    expect(mergeSecrets({ a: "1", b: "2" }, { b: "3", c: "4", a: null })).toEqual({ b: "3", c: "4" });
    expect(mergeSecrets({ a: "1" }, undefined)).toEqual({ a: "1" });
  });
});
