// How a server sends an API-triggered campaign: the call as a command to copy.
import { useState } from "preact/hooks";
import { triggerCommand } from "./trigger";

export function TriggerExample({ campaign, active }: { campaign: string; active: boolean }) {
  const command = triggerCommand(location.origin, campaign);
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(command);
      setCopied("Copied.");
    } catch {
      // No clipboard (an insecure origin, or refused): select it for Ctrl+C instead.
      const code = document.getElementById("trigger-command");
      if (code) getSelection()?.selectAllChildren(code);
      setCopied("Selected: press Ctrl+C (⌘C) to copy.");
    }
  }

  return (
    <section class="card trigger-example" aria-labelledby="trigger-heading" data-testid="trigger-example">
      <h2 id="trigger-heading">Send it from a server</h2>
      <p class="hint">
        {active ? "Active: each call sends the message to up to 100 recipients." : "Activate it first: calls to a campaign that is not active are refused."} Each recipient is named by
        identities (or <code>profileId</code>); its <code>context</code> is read in the template as <code>{"{{ context.orderId }}"}</code>, and the same{" "}
        <code>idempotencyKey</code> never sends twice. Authenticate with an API key of this sandbox (<code>POST /admin/api/sandboxes/:sb/api-keys</code>, see the identity docs).
      </p>
      <pre class="command">
        <code id="trigger-command" data-testid="trigger-command">
          {command}
        </code>
      </pre>
      <p class="actions tight-top">
        <button type="button" class="button" data-testid="copy-trigger" onClick={() => void copy()}>
          Copy command
        </button>
        <span class="hint" role="status">
          {copied}
        </span>
      </p>
    </section>
  );
}
