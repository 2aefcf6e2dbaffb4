// Raw JSON as the API sent it, folded by default: the tables above it are the readable view,
// this is for checking exact values.
export function JsonBlock({ value, summary = "Raw JSON", testId }: { value: unknown; summary?: string; testId?: string }) {
  return (
    <details class="json" data-testid={testId}>
      <summary>{summary}</summary>
      <pre>
        <code>{JSON.stringify(value, null, 2)}</code>
      </pre>
    </details>
  );
}
