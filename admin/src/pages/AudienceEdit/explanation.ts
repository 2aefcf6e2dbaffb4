// The server's explanation, made easier to read: it wraps each element of a list of conditions in
// an "(all of)" node, which says nothing more when the element holds a single clause.
import type { Explanation } from "../../lib/types";

export function simplify(nodes: readonly Explanation[]): Explanation[] {
  return nodes.map((node) => {
    if (node.clause === "(all of)" && node.children?.length === 1) return simplify(node.children)[0];
    return node.children ? { ...node, children: simplify(node.children) } : node;
  });
}
