import { describe, expect, it } from "vitest";
import { buildSpanTree, hasChildren, visibleRows } from "./spanTree";
import { testSpan } from "./testSpans";

function span(spanId: string, parentSpanId: string | null, startMs: number, durationMs = 10) {
  return testSpan(spanId, parentSpanId, startMs, { durationMs });
}

/** Each row as "indent + name", the way the waterfall shows it. */
function outline(tree: ReturnType<typeof buildSpanTree>, rows?: Int32Array): string[] {
  const positions = rows ? [...rows] : tree.spans.map((_, position) => position);
  return positions.map(
    (position) => `${"  ".repeat(tree.depth[position] ?? 0)}${tree.spans[position]?.name}`,
  );
}

describe("span tree", () => {
  it("nests children under their parents, siblings in start order, whatever order spans arrive in", () => {
    const tree = buildSpanTree([
      span("tool", "agent", 30),
      span("llm-2", "agent", 50),
      span("agent", "root", 5, 100),
      span("root", null, 0, 120),
      span("llm-1", "agent", 10),
    ]);
    expect(outline(tree)).toEqual(["root", "  agent", "    llm-1", "    tool", "    llm-2"]);
    const agent = tree.positions.get("agent") ?? -1;
    expect(tree.spans[tree.parent[agent] ?? -1]?.spanId).toBe("root");
    expect(tree.totalMs).toBe(120);
    expect(tree.offsetMs[agent]).toBe(5);
  });

  it("shows a span whose parent never arrived as a root, not lost", () => {
    const tree = buildSpanTree([
      span("root", null, 0),
      span("orphan", "missing", 5),
      span("child", "orphan", 6),
    ]);
    expect(outline(tree)).toEqual(["root", "orphan", "  child"]);
    expect(tree.parent[tree.positions.get("orphan") ?? -1]).toBe(-1);
  });

  it("still shows every span of a parent cycle", () => {
    const tree = buildSpanTree([span("a", "b", 0), span("b", "a", 1)]);
    expect(tree.spans.map((s) => s.spanId).sort()).toEqual(["a", "b"]);
  });

  it("hides the descendants of a collapsed span and nothing else", () => {
    const tree = buildSpanTree([
      span("root", null, 0, 100),
      span("a", "root", 1),
      span("a1", "a", 2),
      span("a2", "a1", 3),
      span("b", "root", 20),
    ]);
    const a = tree.positions.get("a") ?? -1;
    expect(hasChildren(tree, a)).toBe(true);
    expect(hasChildren(tree, tree.positions.get("b") ?? -1)).toBe(false);
    expect(outline(tree, visibleRows(tree, new Set([a])))).toEqual(["root", "  a", "  b"]);
    expect(outline(tree, visibleRows(tree, new Set([0])))).toEqual(["root"]);
  });

  it("handles a 10,000-deep chain without overflowing the stack", () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i === 0 ? null : `s${i - 1}`, i));
    const tree = buildSpanTree(chain);
    expect(tree.depth[9_999]).toBe(9_999);
    expect(tree.end[0]).toBe(10_000);
  });
});
