// The view of the canvas: a point (x, y) of the journey shows at (x·k + tx, y·k + ty) on screen.
// Panning changes the offset, zooming the scale around a point that stays where it is.
import type { Point, Rect } from "./layout";

export type View = { tx: number; ty: number; k: number };

export const MIN_ZOOM = 0.3;
export const MAX_ZOOM = 2;

const clamp = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

export const toCanvas = (v: View, p: Point): Point => ({ x: (p.x - v.tx) / v.k, y: (p.y - v.ty) / v.k });

/** Zooms by `factor` keeping the screen point `at` over the same journey point. */
export function zoomAt(v: View, factor: number, at: Point): View {
  const k = clamp(v.k * factor);
  const c = toCanvas(v, at);
  return { k, tx: at.x - c.x * k, ty: at.y - c.y * k };
}

export const pan = (v: View, dx: number, dy: number): View => ({ ...v, tx: v.tx + dx, ty: v.ty + dy });

/** Below this, fitting stops shrinking (the text would be too small to read) and shows the start instead. */
export const FIT_MIN_ZOOM = 0.6;

/** The whole of `bounds` in a viewport of `width`×`height`, at most at scale 1; a journey too wide shows from its left. */
export function fit(bounds: Rect, width: number, height: number, padding = 24): View {
  const wanted = Math.min(1, (width - 2 * padding) / Math.max(1, bounds.w), (height - 2 * padding) / Math.max(1, bounds.h));
  const k = clamp(Math.max(FIT_MIN_ZOOM, wanted));
  const tx = bounds.w * k > width - 2 * padding ? padding - bounds.x * k : (width - bounds.w * k) / 2 - bounds.x * k;
  const ty = bounds.h * k > height - 2 * padding ? padding - bounds.y * k : (height - bounds.h * k) / 2 - bounds.y * k;
  return { k, tx, ty };
}

/** The least pan that brings `rect` into view, `margin` from the edges; the same view when it is in. */
export function reveal(v: View, rect: Rect, width: number, height: number, margin = 16): View {
  const left = rect.x * v.k + v.tx;
  const top = rect.y * v.k + v.ty;
  const right = left + rect.w * v.k;
  const bottom = top + rect.h * v.k;
  let dx = 0;
  let dy = 0;
  if (left < margin) dx = margin - left;
  else if (right > width - margin) dx = Math.max(margin - left, width - margin - right);
  if (top < margin) dy = margin - top;
  else if (bottom > height - margin) dy = Math.max(margin - top, height - margin - bottom);
  return dx || dy ? pan(v, dx, dy) : v;
}
