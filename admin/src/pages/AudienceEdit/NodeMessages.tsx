// The messages about one node of the builder: what keeps it from being written as JSON, and what
// the server said about it.
export function NodeMessages({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <ul class="node-messages" id={id} data-testid="rule-node-error">
      {messages.map((m) => (
        <li key={m} class="field-error">
          {m}
        </li>
      ))}
    </ul>
  );
}
