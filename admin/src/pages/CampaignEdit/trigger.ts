// The example call of an API-triggered campaign, as a command to copy: one recipient by email,
// with context data for the template and an idempotency key, so a retry sends nothing twice.

export const EXAMPLE_BODY = {
  recipients: [{ identities: { email: "ada@example.com" }, context: { orderId: "A-1" }, idempotencyKey: "order-A-1" }],
};

/** Single quotes in the shell: a quote inside ends the string, adds an escaped one and starts again. */
const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export function triggerCommand(origin: string, campaign: string): string {
  return [
    `curl -X POST ${quoted(`${origin}/v1/campaigns/${encodeURIComponent(campaign)}/trigger`)} \\`,
    `  -H 'Authorization: Bearer <API key>' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d ${quoted(JSON.stringify(EXAMPLE_BODY, null, 2))}`,
  ].join("\n");
}
