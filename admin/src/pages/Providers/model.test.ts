import { describe, expect, it } from "vitest";
import { NO_TEST_FIELDS, testInput } from "./model";

describe("a provider's test send", () => {
  it("sends the recipient as typed, leaving empty optional fields to the API", () => {
    expect(testInput("email", { ...NO_TEST_FIELDS, to: " ada@example.com " })).toEqual({ input: { to: "ada@example.com" }, errors: {} });
    expect(testInput("sms", { to: "+33612345678", subject: " ", body: " Hello " })).toEqual({ input: { to: "+33612345678", body: "Hello" }, errors: {} });
    // The edge judges the address itself, so its own message shows beside the field.
    expect(testInput("email", { ...NO_TEST_FIELDS, to: "not an address" }).input).toEqual({ to: "not an address" });
  });

  it("reads a push subscription as JSON", () => {
    const subscription = { endpoint: "https://fcm.googleapis.com/fcm/send/x", keys: { p256dh: "p", auth: "a" } };
    expect(testInput("push", { to: JSON.stringify(subscription), subject: "Hi", body: "" })).toEqual({ input: { to: subscription, subject: "Hi" }, errors: {} });
    expect(testInput("push", { ...NO_TEST_FIELDS, to: "{ endpoint" }).errors.to).toMatch(/^Not valid JSON/);
    expect(testInput("push", { ...NO_TEST_FIELDS, to: '"https://x"' }).errors.to).toMatch(/JSON object/);
  });

  it("needs a recipient", () => {
    expect(testInput("email", NO_TEST_FIELDS)).toEqual({ input: null, errors: { to: "Required" } });
    expect(testInput("push", { ...NO_TEST_FIELDS, to: "  " }).errors).toEqual({ to: "Paste the push subscription" });
  });
});
