import type { SpanSummary } from "../../api/traceTypes";

/**
 * The span tree flattened once, in depth-first order, so that the virtualised timeline can
 * show any slice of it and collapsing a span skips its subtree in O(1). Building is
 * O(n log n) (children sorted by start); nothing here is quadratic.
 */
export interface SpanTree {
  /** Spans in depth-first order (parents before children, siblings by start time). */
  spans: readonly SpanSummary[];
  depth: Int32Array;
  /** Position of the parent, or -1 for a root (or a span whose parent never arrived). */
  parent: Int32Array;
  /** Position just past the span's subtree: its descendants are (i, end). */
  end: Int32Array;
  /** Start offset from the trace's start, in ms. */
  offsetMs: Float64Array;
  /** Position of each span id. */
  positions: ReadonlyMap<string, number>;
  startMs: number;
  /** Trace duration in ms (at least 1, so bars can always be scaled). */
  totalMs: number;
}

export function buildSpanTree(input: readonly SpanSummary[]): SpanTree {
  const count = input.length;
  const starts = new Float64Array(count);
  const indexById = new Map<string, number>();
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const span = input[i];
    if (!span) continue;
    const start = Date.parse(span.startTime);
    starts[i] = Number.isFinite(start) ? start : 0;
    startMs = Math.min(startMs, starts[i] ?? 0);
    endMs = Math.max(endMs, (starts[i] ?? 0) + Math.max(0, span.durationMs));
    if (!indexById.has(span.spanId)) indexById.set(span.spanId, i);
  }
  if (count === 0) {
    startMs = 0;
    endMs = 0;
  }

  // Children lists (by input index); unknown parents make roots.
  const children = new Map<number, number[]>();
  const roots: number[] = [];
  for (let i = 0; i < count; i++) {
    const span = input[i];
    if (!span) continue;
    const parentIndex = span.parentSpanId ? indexById.get(span.parentSpanId) : undefined;
    if (parentIndex === undefined || parentIndex === i || indexById.get(span.spanId) !== i) {
      roots.push(i);
      continue;
    }
    const list = children.get(parentIndex);
    if (list) list.push(i);
    else children.set(parentIndex, [i]);
  }
  const byStart = (a: number, b: number) => (starts[a] ?? 0) - (starts[b] ?? 0) || a - b;
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);

  const spans: SpanSummary[] = [];
  const depth = new Int32Array(count);
  const parent = new Int32Array(count).fill(-1);
  const end = new Int32Array(count);
  const offsetMs = new Float64Array(count);
  const positions = new Map<string, number>();
  const visited = new Uint8Array(count);

  // Iterative DFS (a 10,000-deep chain must not overflow the stack).
  type Frame = { index: number; position: number; next: number };
  const place = (index: number, parentPosition: number, level: number): Frame => {
    const position = spans.length;
    const span = input[index] as SpanSummary;
    visited[index] = 1;
    spans.push(span);
    depth[position] = level;
    parent[position] = parentPosition;
    offsetMs[position] = (starts[index] ?? 0) - startMs;
    positions.set(span.spanId, position);
    return { index, position, next: 0 };
  };
  const walk = (rootIndex: number) => {
    const stack: Frame[] = [place(rootIndex, -1, 0)];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      const list = children.get(frame.index);
      const child = list?.[frame.next];
      if (child === undefined) {
        end[frame.position] = spans.length;
        stack.pop();
        continue;
      }
      frame.next += 1;
      if (visited[child]) continue;
      stack.push(place(child, frame.position, stack.length));
    }
  };
  for (const root of roots) walk(root);
  // Spans caught in a parent cycle are never reached from a root; show them as roots.
  for (let i = 0; i < count; i++) if (!visited[i]) walk(i);

  return {
    spans,
    depth,
    parent,
    end,
    offsetMs,
    positions,
    startMs,
    totalMs: Math.max(1, endMs - startMs),
  };
}

/** Positions of the rows to show: everything except the descendants of collapsed spans. O(shown). */
export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<number>): Int32Array {
  const out = new Int32Array(tree.spans.length);
  let count = 0;
  let position = 0;
  while (position < tree.spans.length) {
    out[count++] = position;
    position = collapsed.has(position) ? (tree.end[position] ?? position + 1) : position + 1;
  }
  return out.subarray(0, count);
}

export function hasChildren(tree: SpanTree, position: number): boolean {
  return (tree.end[position] ?? 0) > position + 1;
}
