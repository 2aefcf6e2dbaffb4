// "Send a test" on a provider: one message through it now, to an address, a phone number or a
// push subscription typed here, and what the provider answered (a 200 and its message id, a 401
// and why). The message is in the delivery log either way, linked to in the outbox.
import { useState } from "preact/hooks";
import { Notice } from "../../components/Notice";
import { TextAreaField, TextField } from "../../components/fields";
import { testProvider } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { Provider, ProviderTestResult } from "../../lib/types";
import { NO_FILTERS, outboxHref } from "../Outbox/model";
import { NO_TEST_FIELDS, TEST_DEFAULTS, TEST_TO, type TestFields, subjectLabel, testInput } from "./model";

type Props = { sandbox: string; provider: Provider; onClose: () => void };

export function ProviderTestSend({ sandbox, provider, onClose }: Props) {
  const [fields, setFields] = useState<TestFields>(NO_TEST_FIELDS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [result, setResult] = useState<ProviderTestResult | null>(null);
  const [sending, setSending] = useState(false);
  const to = TEST_TO[provider.channel];
  const set = (patch: Partial<TestFields>) => setFields((f) => ({ ...f, ...patch }));

  async function submit(e: Event) {
    e.preventDefault();
    setFormError(null);
    setResult(null);
    const { input, errors: mine } = testInput(provider.channel, fields);
    setErrors(mine);
    if (!input) return;
    setSending(true);
    try {
      setResult(await testProvider(sandbox, provider.id, input));
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.fieldErrors() : {};
      // A 409 names `secrets`: they no longer open (the key changed), so they must be typed again.
      const { secrets, ...beside } = fieldErrors;
      setErrors(beside);
      setFormError(secrets ? `${messageOf(err)}. Edit the provider and type its secrets again.` : Object.keys(beside).length ? `${messageOf(err)}. Fix the fields marked below.` : messageOf(err));
    } finally {
      setSending(false);
    }
  }

  const fid = (n: string) => `provider-test-${n}`;
  return (
    <form class="form card provider-test" noValidate onSubmit={submit} aria-labelledby={fid("heading")} data-testid="provider-test-form">
      <h3 id={fid("heading")}>Send a test through {provider.name}</h3>
      <p class="hint">One {provider.channel === "sms" ? "SMS" : provider.channel} message now, whatever the channel's default; it is logged in the outbox like any message.</p>
      {formError && (
        <Notice kind="error" testId="provider-test-error">
          {formError}
        </Notice>
      )}
      {to.multiline ? (
        <TextAreaField id={fid("to")} label={to.label} hint={to.hint} code rows={4} value={fields.to} error={errors.to} onInput={(v) => set({ to: v })} />
      ) : (
        <TextField id={fid("to")} label={to.label} hint={to.hint} placeholder={to.placeholder} value={fields.to} error={errors.to} onInput={(v) => set({ to: v })} />
      )}
      <TextField id={fid("subject")} label={subjectLabel(provider.channel)} placeholder={TEST_DEFAULTS.subject} value={fields.subject} error={errors.subject} onInput={(v) => set({ subject: v })} />
      <TextAreaField id={fid("body")} label="Message (optional)" rows={3} hint={`Empty: “${TEST_DEFAULTS.body}”`} value={fields.body} error={errors.body} onInput={(v) => set({ body: v })} />
      <p class="actions">
        <button type="submit" class="button primary" data-testid="send-provider-test" disabled={sending}>
          {sending ? "Sending…" : "Send the test"}
        </button>
        <button type="button" class="button subtle" onClick={onClose}>
          Close
        </button>
      </p>
      {result && <TestOutcome result={result} />}
    </form>
  );
}

function TestOutcome({ result }: { result: ProviderTestResult }) {
  const sent = result.status === "sent";
  return (
    <Notice kind={sent ? "ok" : "error"} testId="provider-test-outcome">
      <p>
        <strong>{sent ? "Sent." : `Not sent (${result.status}).`}</strong> The provider answered: <span data-testid="provider-test-detail">{result.detail}</span>
      </p>
      <p>
        <a href={outboxHref(NO_FILTERS, result.deliveryId)} data-testid="provider-test-link">
          Open it in the outbox
        </a>
      </p>
    </Notice>
  );
}
