// The canvas from the keyboard. Each box is in the tab order; on a box, the arrows follow the
// edges (right: where it leads, left: what leads to it, up and down: the other boxes reached
// from the same parent), Shift with an arrow moves the box, Enter opens its panel, Delete
// removes it, + and - zoom, 0 fits the journey in view.

export type NavKey = "ArrowRight" | "ArrowLeft" | "ArrowUp" | "ArrowDown";
export type KeyAction =
  | { kind: "go"; key: NavKey }
  | { kind: "move"; dx: number; dy: number }
  | { kind: "open" }
  | { kind: "delete" }
  | { kind: "zoom"; factor: number }
  | { kind: "fit" };

/** How far Shift+arrow moves a box, in canvas units. */
export const MOVE_STEP = 20;

type KeyLike = { key: string; shiftKey?: boolean; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean };

const ARROWS: Record<NavKey, [number, number]> = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
const isArrow = (key: string): key is NavKey => key in ARROWS;

/** What a key pressed on a box does; null leaves it to the browser (Tab, typing…). */
export function keyAction(e: KeyLike): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isArrow(e.key)) {
    if (e.shiftKey) {
      const [dx, dy] = ARROWS[e.key];
      return { kind: "move", dx: dx * MOVE_STEP, dy: dy * MOVE_STEP };
    }
    return { kind: "go", key: e.key };
  }
  if (e.key === "Enter" || e.key === " ") return { kind: "open" };
  if (e.key === "Delete" || e.key === "Backspace") return { kind: "delete" };
  if (e.key === "+" || e.key === "=") return { kind: "zoom", factor: 1.2 };
  if (e.key === "-" || e.key === "_") return { kind: "zoom", factor: 1 / 1.2 };
  if (e.key === "0") return { kind: "fit" };
  return null;
}

/** The edges as pairs, in the order the journey holds them (the entry's first). */
export type Link = { from: string; to: string };

const uniq = (xs: string[]) => [...new Set(xs)];

/**
 * The box an arrow leads to from `current`, or null when there is none that way. `order` is
 * every box in tab order: boxes nothing leads to are each other's siblings, in that order.
 */
export function neighbour(links: readonly Link[], order: readonly string[], current: string, key: NavKey): string | null {
  const children = (id: string) => uniq(links.filter((l) => l.from === id && l.to !== id).map((l) => l.to));
  const parents = (id: string) => uniq(links.filter((l) => l.to === id && l.from !== id).map((l) => l.from));
  if (key === "ArrowRight") return children(current)[0] ?? null;
  if (key === "ArrowLeft") return parents(current)[0] ?? null;
  const parent = parents(current)[0];
  const siblings = parent !== undefined ? children(parent) : order.filter((id) => parents(id).length === 0);
  const i = siblings.indexOf(current);
  const j = key === "ArrowDown" ? i + 1 : i - 1;
  return i >= 0 && j >= 0 && j < siblings.length ? siblings[j] : null;
}

/** Where focus goes once a box is removed: a parent, else the next box in tab order, else the one before. */
export function focusAfterRemoval(links: readonly Link[], order: readonly string[], removed: string): string | null {
  const parent = links.find((l) => l.to === removed && l.from !== removed)?.from;
  if (parent !== undefined) return parent;
  const i = order.indexOf(removed);
  const rest = order.filter((id) => id !== removed);
  return rest[i] ?? rest[i - 1] ?? null;
}
