import { describe, expect, it } from "vitest";
import { KINDS, buildConfig, fieldText, kindsFor, parseStatuses, secretFields, secretState, secretsPayload } from "./channel-forms";

describe("provider config fields", () => {
  it("lists the kinds a channel can use", () => {
    expect(kindsFor("sms")).toEqual(["outbox", "http", "twilio"]);
  });
  it("builds config from the form, leaving empty optional fields to the API's defaults", () => {
    const built = buildConfig(KINDS.http.config, { url: "https://x.example/hook", timeoutMs: "5000", expectedStatuses: "200, 2xx", headers: '{"X-A":"1"}', method: "" });
    expect(built).toEqual({ value: { url: "https://x.example/hook", timeoutMs: 5000, expectedStatuses: [200, "2xx"], headers: { "X-A": "1" } }, errors: {} });
    expect(buildConfig(KINDS.http.config, { url: "u", headers: "[1]", timeoutMs: "1.5" }).errors).toEqual({ "config.headers": "A JSON object", "config.timeoutMs": "A whole number" });
    expect(buildConfig(KINDS.webpush.config, { subject: "mailto:a@b.c", endpointHosts: "a.example, b.example" }).value).toEqual({ subject: "mailto:a@b.c", endpointHosts: ["a.example", "b.example"] });
  });
  it("shows stored config as text", () => {
    const [, , headers] = KINDS.http.config;
    expect(fieldText(headers, {})).toBe("");
    expect(fieldText({ name: "s", label: "", type: "statuses" }, [200, "2xx"])).toBe("200, 2xx");
    expect(parseStatuses(" 201 ,4xx")).toEqual([201, "4xx"]);
  });
});

describe("secret fields", () => {
  it("shows only whether a secret is set and its last four characters", () => {
    const f = secretFields(["serverToken", "other"], { hasSecret: true, secrets: { serverToken: { last4: "1234" } } });
    expect(secretState(f.serverToken)).toBe("set (…1234)");
    expect(secretState(f.other)).toBe("not set");
    expect(secretState({ ...f.serverToken, last4: null })).toBe("set");
  });
  it("sends secrets only when typed, and null to remove a stored one", () => {
    const f = secretFields(["a", "b", "c"], { hasSecret: true, secrets: { a: { last4: null }, b: { last4: "wxyz" } } });
    expect(secretsPayload(f)).toBeUndefined();
    expect(secretsPayload({ ...f, a: { ...f.a, typed: "new" }, b: { ...f.b, remove: true }, c: { ...f.c, remove: true } })).toEqual({ a: "new", b: null });
  });
});
