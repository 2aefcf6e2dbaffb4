// Name and value pairs a visitor or an import wrote (attributes, consent). Strings show as they
// are; anything else as compact JSON, so a number and the text "42" stay distinguishable.
type Props = { entries: [string, unknown][]; testId: string; label: string; empty: string };

export function KeyValueTable({ entries, testId, label, empty }: Props) {
  if (!entries.length) {
    return (
      <p class="muted" data-testid={`${testId}-empty`}>
        {empty}
      </p>
    );
  }
  return (
    <div class="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{label}</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td class="break">{typeof value === "string" ? value : <code class="data">{JSON.stringify(value) ?? String(value)}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
