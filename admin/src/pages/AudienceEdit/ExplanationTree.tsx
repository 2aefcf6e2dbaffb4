// Why a rule matched a test profile or not: each clause with its verdict, what it asked, and what
// an $event measured. Conditions and measures are shown as JSON text, never as markup.
import type { Explanation } from "../../lib/types";
import { simplify } from "./explanation";

const CLAUSES: Record<string, string> = { $and: "All of", $or: "Any of", $nor: "None of", $event: "Event", $audience: "Audience", "(all of)": "All of" };

const json = (v: unknown) => JSON.stringify(v) ?? String(v);

function Clause({ node }: { node: Explanation }) {
  const label = CLAUSES[node.clause] ?? node.clause;
  return (
    <li class={node.match ? "clause clause-match" : "clause clause-miss"} data-testid="explanation-clause" data-match={String(node.match)} data-path={node.path}>
      <span class="verdict" aria-hidden="true">
        {node.match ? "✓" : "✗"}
      </span>
      <span class="visually-hidden">{node.match ? "Matches:" : "Does not match:"}</span> <span class={label === node.clause ? "clause-path" : "clause-name"}>{label}</span>
      {node.condition !== undefined && <code class="data"> {json(node.condition)}</code>}
      {node.measured !== undefined && <span class="measured"> measured {json(node.measured)}</span>}
      {node.children && node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Clause key={c.path} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ExplanationTree({ explanation }: { explanation: Explanation[] }) {
  if (!explanation.length) return <p class="muted">The rule has no clauses: everyone matches.</p>;
  return (
    <ul class="explanation" data-testid="explanation">
      {simplify(explanation).map((node) => (
        <Clause key={node.path} node={node} />
      ))}
    </ul>
  );
}
