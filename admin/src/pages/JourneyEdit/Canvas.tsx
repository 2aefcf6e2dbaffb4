// The canvas: the journey's boxes and edges in one SVG, with pan (drag the background), zoom
// (buttons, the wheel, + and -), boxes dragged to move them, and ports dragged to a box to
// connect. Everything the mouse does has a keyboard way: see keyboard.ts and the help line.
//
// Accessibility: the SVG is role="application" (arrow keys are the canvas's, not the screen
// reader's), each box a focusable role="button" in tab order whose name says what it does,
// its problems, its counts and where it leads; the box of the test run's current step has
// aria-current="step".
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { CanvasEdge } from "./CanvasEdge";
import { CanvasNode } from "./CanvasNode";
import { nodeDomId } from "./dom-ids";
import { ENTRY, type Edge, type EdgeRef, drawnEdges, outgoing } from "./graph";
import { type NavKey, keyAction, neighbour } from "./keyboard";
import { type Point, boundsOf, curve, edgeGeometry, layoutOf, portOffset } from "./layout";
import type { JourneyEditState } from "./model";
import { type View, fit, pan, reveal, toCanvas, zoomAt } from "./viewport";

type Drag =
  | { kind: "pan"; start: Point; view: View }
  | { kind: "node"; id: string; start: Point; origin: Point; moved: boolean }
  | { kind: "connect"; ref: EdgeRef; from: Point };

const WAY: Record<NavKey, string> = { ArrowRight: "after", ArrowLeft: "before", ArrowUp: "above", ArrowDown: "below" };
const GRID = 10;
const snap = (n: number) => Math.round(n / GRID) * GRID;

export function Canvas({ model }: { model: JourneyEditState }) {
  const def = model.shown.value;
  const readOnly = model.readOnly.value;
  const rects = useMemo(() => layoutOf(def), [def]);
  const edges = useMemo(() => drawnEdges(def), [def]);
  const order = useMemo(() => [ENTRY, ...Object.keys(def.nodes)], [def]);
  const pinned = readOnly ? { nodes: {} as Record<string, unknown[]> } : model.pinned.value;
  const counts = model.stats.value?.nodes;
  const current = model.tester.currentNode.value;
  const selected = model.selected.value;
  const focusRequest = model.focusRequest.value;

  const svg = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState({ w: 800, h: 520 });
  const [view, setView] = useState<View | null>(null);
  const drag = useRef<Drag | null>(null);
  const [connecting, setConnecting] = useState<{ from: Point; to: Point } | null>(null);
  const v = view ?? fit(boundsOf(rects), size.w, size.h);

  useEffect(() => {
    const el = svg.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => setSize({ w: entry.contentRect.width, h: entry.contentRect.height }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Focus asked for by the model (a new node, a removal, an arrow key): once the box is drawn.
  useEffect(() => {
    if (!focusRequest) return;
    const el = document.getElementById(nodeDomId(focusRequest.id));
    if (el) {
      el.focus();
      model.focusRequest.value = null;
    }
  }, [focusRequest, def]);

  const screenPoint = (e: { clientX: number; clientY: number }): Point => {
    const r = svg.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const capture = (e: PointerEvent) => svg.current?.setPointerCapture?.(e.pointerId);
  const fitAll = () => setView(fit(boundsOf(rects), size.w, size.h));
  const zoomBy = (factor: number) => setView(zoomAt(v, factor, { x: size.w / 2, y: size.h / 2 }));

  function onBackgroundDown(e: PointerEvent) {
    if (e.button !== 0) return;
    drag.current = { kind: "pan", start: screenPoint(e), view: v };
    capture(e);
  }

  function onNodeDown(e: PointerEvent, id: string) {
    if (e.button !== 0) return;
    e.stopPropagation();
    model.select(id);
    if (readOnly || id === ENTRY) return;
    drag.current = { kind: "node", id, start: screenPoint(e), origin: { x: rects[id].x, y: rects[id].y }, moved: false };
    capture(e);
  }

  function onPortDown(e: PointerEvent, ref: EdgeRef) {
    if (e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    const r = rects[ref.from];
    const ports = ref.from === ENTRY ? 1 : outgoing(ref.from, def.nodes[ref.from]).length;
    const index = ref.from === ENTRY ? 0 : outgoing(ref.from, def.nodes[ref.from]).findIndex((p) => p.field === ref.field);
    const from = { x: r.x + r.w, y: r.y + portOffset(index, ports, r.h) };
    drag.current = { kind: "connect", ref, from };
    setConnecting({ from, to: from });
    capture(e);
  }

  function onMove(e: PointerEvent) {
    const d = drag.current;
    if (!d) return;
    const p = screenPoint(e);
    if (d.kind === "pan") setView(pan(d.view, p.x - d.start.x, p.y - d.start.y));
    else if (d.kind === "connect") setConnecting({ from: d.from, to: toCanvas(v, p) });
    else {
      if (!d.moved && Math.hypot(p.x - d.start.x, p.y - d.start.y) < 4) return;
      d.moved = true;
      model.moveNode(d.id, { x: snap(d.origin.x + (p.x - d.start.x) / v.k), y: snap(d.origin.y + (p.y - d.start.y) / v.k) });
    }
  }

  function onUp(e: PointerEvent) {
    const d = drag.current;
    drag.current = null;
    if (d?.kind !== "connect") return;
    setConnecting(null);
    const p = toCanvas(v, screenPoint(e));
    const target = Object.keys(def.nodes).find((id) => {
      const r = rects[id];
      return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
    });
    if (target && target !== d.ref.from) model.connect(d.ref, target);
  }

  function onWheel(e: WheelEvent) {
    e.preventDefault();
    setView(zoomAt(v, Math.exp(-e.deltaY * 0.0015), screenPoint(e)));
  }

  function onNodeKey(e: KeyboardEvent, id: string) {
    const act = keyAction(e);
    if (!act) return;
    e.preventDefault();
    e.stopPropagation();
    switch (act.kind) {
      case "go": {
        const to = neighbour(edges, order, id, act.key);
        // At once, not after a render: the box is already drawn, and a quick next key must find it focused.
        if (to) document.getElementById(nodeDomId(to))?.focus();
        else model.announcement.value = `No node ${WAY[act.key]} this one.`;
        return;
      }
      case "move":
        if (readOnly) return;
        if (id === ENTRY) {
          model.announcement.value = "The entry stays beside the node the journey starts with.";
          return;
        }
        model.moveNode(id, { x: rects[id].x + act.dx, y: rects[id].y + act.dy });
        setView((old) => reveal(old ?? v, { ...rects[id], x: rects[id].x + act.dx, y: rects[id].y + act.dy }, size.w, size.h));
        return;
      case "open":
        model.select(id);
        model.openPanel();
        return;
      case "delete":
        if (readOnly) return;
        if (id === ENTRY) model.announcement.value = "The entry cannot be removed.";
        else model.removeNode(id);
        return;
      case "zoom":
        zoomBy(act.factor);
        return;
      case "fit":
        fitAll();
    }
  }

  function onNodeFocus(id: string) {
    model.select(id);
    const r = rects[id];
    if (r) setView((old) => reveal(old ?? v, r, size.w, size.h, 24));
  }

  function onEdge(edge: Edge) {
    model.select(edge.from);
    model.edgeRequest.value = { from: edge.from, field: edge.field };
  }

  const leadsTo = (id: string) => {
    const out = edges.filter((e) => e.from === id);
    return out.length ? `Leads to ${out.map((e) => (e.label ? `${e.to} (${e.label})` : e.to)).join(", ")}` : "";
  };

  const draftLine = connecting ? curve(connecting.from, connecting.to).d : null;

  return (
    <div class="canvas">
      <div class="canvas-tools" role="toolbar" aria-label="Canvas view">
        <button type="button" class="button subtle" data-testid="zoom-out" aria-label="Zoom out" onClick={() => zoomBy(1 / 1.2)}>
          −
        </button>
        <span class="zoom-level" data-testid="zoom-level" aria-live="polite">
          {Math.round(v.k * 100)}%
        </span>
        <button type="button" class="button subtle" data-testid="zoom-in" aria-label="Zoom in" onClick={() => zoomBy(1.2)}>
          +
        </button>
        <button type="button" class="button subtle" data-testid="zoom-fit" onClick={fitAll}>
          Fit
        </button>
        {!readOnly && (
          <button type="button" class="button subtle" data-testid="tidy-layout" onClick={() => model.tidy()}>
            Tidy layout
          </button>
        )}
      </div>
      <svg
        ref={svg}
        class="canvas-svg"
        role="application"
        aria-roledescription="journey canvas"
        aria-label={`Journey canvas${readOnly ? " (live version, read-only)" : ""}: ${order.length - 1} nodes`}
        aria-describedby="canvas-help"
        data-testid="canvas"
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={() => {
          drag.current = null;
          setConnecting(null);
        }}
        onWheel={onWheel}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
          </marker>
          <marker id="arrow-on" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head is-highlighted" />
          </marker>
        </defs>
        <rect class="canvas-bg" width="100%" height="100%" onPointerDown={onBackgroundDown} />
        <g transform={`translate(${v.tx} ${v.ty}) scale(${v.k})`}>
          <g class="edges">
            {edges.map((e) => {
              const g = edgeGeometry(def, rects, e);
              return g ? <CanvasEdge key={`${e.from}:${e.field}`} edge={e} d={g.d} label={g.label} highlighted={e.from === selected || e.to === selected} onSelect={onEdge} /> : null;
            })}
          </g>
          {draftLine && <path class="edge-draft" d={draftLine} />}
          <g class="nodes">
            {order.map((id) => (
              <CanvasNode
                key={id}
                def={def}
                id={id}
                rect={rects[id]}
                selected={id === selected}
                current={id === current}
                problems={pinned.nodes[id]?.length ?? 0}
                counts={id === ENTRY ? undefined : counts?.[id]}
                readOnly={readOnly}
                leadsTo={leadsTo(id)}
                onKeyDown={(e) => onNodeKey(e, id)}
                onFocus={() => onNodeFocus(id)}
                onPointerDown={(e) => onNodeDown(e, id)}
                onPortDown={onPortDown}
              />
            ))}
          </g>
        </g>
      </svg>
      <p id="canvas-help" class="hint canvas-help">
        Tab moves from node to node. On a node, the arrow keys follow its edges (right: where it leads, left: back, up and down: other branches), Shift with an arrow moves
        it, Enter opens its panel (Escape comes back), Delete removes it; + and − zoom, 0 fits the journey. With a mouse: drag the background to pan, the wheel zooms, drag a
        node to move it, drag from a port (the dot on its right) to a node to connect.
      </p>
    </div>
  );
}
