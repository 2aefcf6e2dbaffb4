// Element ids of the editor, shared by the canvas, the panels and the problem list.
import { ENTRY, type EdgeRef } from "./graph";

const safe = (s: string) => (s === ENTRY ? "entry" : s.replace(/[^\w-]/g, "-"));

/** The box of a node on the canvas (focusable). */
export const nodeDomId = (node: string) => (node === ENTRY ? "jnode--entry" : `jnode-${safe(node)}`);

/** The select in the panel that sets where an edge leads. */
export const edgeFieldId = (ref: EdgeRef) => `edge-${safe(ref.from)}-${safe(ref.field)}`;

/** A field of a node's panel: `nf-wait-1-for`. */
export const fieldId = (node: string, field: string) => `nf-${safe(node)}-${safe(field)}`;
