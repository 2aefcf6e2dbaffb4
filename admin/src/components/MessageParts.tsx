// A message part by part, as its person would get it: HTML in a sandboxed frame that runs
// nothing, text as text, links as written. Used by the outbox and the template preview.
import { emailFrame, type Part } from "../pages/Outbox/model";

export function MessageParts({ parts, testId }: { parts: Part[]; testId?: string }) {
  if (parts.length === 0) return <p class="muted">This message has no content to show.</p>;
  return (
    <dl class="message-parts" data-testid={testId}>
      {parts.map((p) => (
        <div key={p.name} class={`message-part part-${p.kind}`} data-testid={`part-${p.name}`}>
          <dt>{p.label}</dt>
          <dd>
            {p.kind === "html" ? (
              // sandbox="" runs nothing: no scripts, forms, pop-ups or access to the console's origin.
              <iframe class="preview-frame message-frame" sandbox="" title={`${p.label} of the message`} srcdoc={emailFrame(p.value)} data-testid="message-frame" />
            ) : p.kind === "text" || p.kind === "json" ? (
              <pre class="message-text">{p.value}</pre>
            ) : p.kind === "link" ? (
              <code>{p.value}</code>
            ) : (
              <span>{p.value}</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
