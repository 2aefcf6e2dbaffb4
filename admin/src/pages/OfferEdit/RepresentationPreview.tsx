// What one representation looks like, its tokens filled from the sample profile: html in a
// sandboxed frame that runs nothing, text as text, an image, or indented JSON. The edge renders
// it with its own template engine (the full language, escaped as it will be); until that answer
// comes, or when the edge cannot be reached, a simple local filling stands in.
import { useEffect, useState } from "preact/hooks";
import { previewContent } from "../../lib/api";
import { ApiError } from "../../lib/api-error";
import { session } from "../../lib/session";
import type { Format } from "../../lib/types";
import { type SampleProfile, fillTokens, prettyJson } from "./preview";

type Props = { format: Format; content: string; link: string; alt: string; sample: SampleProfile; label: string; testId?: string };

/** The frame's document: the fragment with a plain type style, nothing that can run. */
const frameDocument = (html: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:12px;font:15px/1.5 system-ui,sans-serif;color:#1d2330;background:#fff}img{max-width:100%}</style></head><body>${html}</body></html>`;

type Rendered = { key: string; output?: string; error?: string };

/** The edge's rendering of the content, asked a moment after typing stops. */
function useEdgeRendering(format: Format, content: string, profile: Record<string, unknown>): Rendered | null {
  const key = JSON.stringify([format, content, profile]);
  const [rendered, setRendered] = useState<Rendered | null>(null);
  useEffect(() => {
    if (!content.trim() || !/\{[{%]/.test(content)) return;
    let live = true;
    const timer = setTimeout(() => {
      previewContent(session.sandbox.peek(), { format, content, profile })
        .then((output) => live && setRendered({ key, output }))
        .catch((err: unknown) => {
          // A template error is worth showing; a network failure leaves the local preview.
          if (live && err instanceof ApiError && err.status === 400) setRendered({ key, error: err.details?.[0]?.message ?? err.message });
        });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return rendered?.key === key ? rendered : null;
}

export function RepresentationPreview({ format, content, link, alt, sample, label, testId }: Props) {
  const profile = sample.ok ? sample.value : {};
  const edge = useEdgeRendering(format, content, profile);
  if (!content.trim()) return <p class="muted preview-empty">Type something above to see it here.</p>;
  const local = fillTokens(content, profile, format);
  const output = edge?.output ?? local.output;
  // The edge speaks the whole language: only the local stand-in leaves tokens as written.
  const unsupported = edge?.output !== undefined ? [] : local.unsupported;
  return (
    <div class="preview" data-testid={testId}>
      {format === "html" && (
        // sandbox="" gives the frame no scripts, forms, pop-ups or access to the console's origin.
        <iframe class="preview-frame" sandbox="" title={label} srcdoc={frameDocument(output)} data-testid="preview-frame" />
      )}
      {format === "text" && (
        <p class="preview-text" data-testid="preview-text">
          {output}
        </p>
      )}
      {format === "image" && <img class="preview-image" src={output} alt={alt || "(no alt text)"} data-testid="preview-image" />}
      {format === "json" && <JsonPreview text={output} />}
      {edge?.error && <p class="field-error" data-testid="preview-error">The edge cannot render this: {edge.error}</p>}
      {link.trim() && <p class="hint">A click goes to <code>{link.trim()}</code>.</p>}
      {unsupported.length > 0 && (
        <p class="hint" data-testid="preview-unsupported">
          Shown as written here: {unsupported.slice(0, 5).map((u, i) => (
            <span key={u}>
              {i > 0 && ", "}
              <code>{u}</code>
            </span>
          ))}
          {unsupported.length > 5 && ` and ${unsupported.length - 5} more`}.
        </p>
      )}
    </div>
  );
}

function JsonPreview({ text }: { text: string }) {
  const pretty = prettyJson(text);
  return (
    <>
      <pre class="preview-json" data-testid="preview-json">
        <code>{pretty.text}</code>
      </pre>
      {pretty.error && <p class="field-error">Not valid JSON once filled: {pretty.error}</p>}
    </>
  );
}
