// The providers page's pure parts: a test send's form, per channel (where it goes: an address, a
// phone number or a push subscription as JSON), read into what `POST …/providers/:id/test` takes.
// The edge judges the recipient; here only an empty one and JSON that does not parse are caught.
import { parseJsonObject } from "../../lib/json-text";
import type { ProviderChannel, ProviderTestInput } from "../../lib/types";

export type TestFields = { to: string; subject: string; body: string };
export const NO_TEST_FIELDS: TestFields = { to: "", subject: "", body: "" };

/** The API's defaults, shown as placeholders for the optional fields. */
export const TEST_DEFAULTS = { subject: "A test from Parcours", body: "This is a test message: the provider is set up." };

/** How the recipient field reads per channel. */
export const TEST_TO: Record<ProviderChannel, { label: string; hint: string; placeholder: string; multiline: boolean }> = {
  email: { label: "To (email address)", hint: "The address the test goes to.", placeholder: "ada@example.com", multiline: false },
  sms: { label: "To (phone number)", hint: "In international (E.164) form, with its + and country code.", placeholder: "+33612345678", multiline: false },
  push: {
    label: "To (push subscription, JSON)",
    hint: "A browser's PushSubscription as JSON: { \"endpoint\": …, \"keys\": { \"p256dh\": …, \"auth\": … } }.",
    placeholder: '{ "endpoint": "https://fcm.googleapis.com/fcm/send/…", "keys": { "p256dh": "…", "auth": "…" } }',
    multiline: true,
  },
};

/** The subject's label: an email's subject, a push's or SMS's title. */
export const subjectLabel = (channel: ProviderChannel) => (channel === "email" ? "Subject (optional)" : "Title (optional)");

/** What to send, or the message per field (`to`) that stops it; empty optional fields are left to the API's defaults. */
export function testInput(channel: ProviderChannel, fields: TestFields): { input: ProviderTestInput | null; errors: Record<string, string> } {
  const to = fields.to.trim();
  const optional = { ...(fields.subject.trim() ? { subject: fields.subject.trim() } : {}), ...(fields.body.trim() ? { body: fields.body.trim() } : {}) };
  if (!to) return { input: null, errors: { to: channel === "push" ? "Paste the push subscription" : "Required" } };
  if (channel !== "push") return { input: { to, ...optional }, errors: {} };
  const parsed = parseJsonObject(to, { empty: "Paste the push subscription", notObject: "A subscription is a JSON object: { endpoint, keys: { p256dh, auth } }" });
  if (!parsed.ok) return { input: null, errors: { to: parsed.message } };
  // Sent as it is: the edge checks the endpoint and keys and says which is wrong.
  return { input: { to: parsed.value as ProviderTestInput["to"], ...optional }, errors: {} };
}
