import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import type { SpanSummary } from "../../api/traceTypes";
import { SpanDetail } from "./SpanDetail";
import { SpanTimeline } from "./SpanTimeline";
import { buildSpanTree, visibleRows } from "./spanTree";
import { spanTokens, usageRollup } from "./usage";
import { useFullSpan } from "./useFullSpan";
import { useSelectedSpan } from "./useSelectedSpan";

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.closest("input, textarea, select, [role='tree'], dialog") !== null)
  );
}

/**
 * The span tree + waterfall and the selected span's details, side by side. The tree is drawn from
 * span summaries; the selected span is read whole on selection.
 */
export function TraceBody({
  projectId,
  traceId,
  spans,
}: {
  projectId: string;
  traceId: string;
  spans: readonly SpanSummary[];
}) {
  const tree = useMemo(() => buildSpanTree(spans), [spans]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const [selected, setSelected] = useSelectedSpan(tree);

  const toggle = useCallback(
    (position: number, expand?: boolean) => {
      setCollapsed((current) => {
        const isCollapsed = current.has(position);
        const want = expand ?? isCollapsed;
        if (want !== isCollapsed) {
          const next = new Set(current);
          if (want) next.delete(position);
          else next.add(position);
          return next;
        }
        return current;
      });
      // Collapsing a span hides its descendants: a hidden selection moves up to it.
      setSelected((current) =>
        expand !== true && current > position && current < (tree.end[position] ?? 0) ? position : current,
      );
    },
    [tree, setSelected],
  );

  // Up/down work before the tree has focus (right after the page opens): hand them to it. Not
  // after a click elsewhere (say in the span detail), where the arrows should scroll that.
  useEffect(() => {
    let clickedElsewhere = false;
    const onPointerDown = (event: PointerEvent) => {
      clickedElsewhere = !(event.target instanceof Element && event.target.closest("[role='tree']"));
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      if (event.defaultPrevented || event.altKey || event.metaKey || event.ctrlKey || isTyping(event.target))
        return;
      const active = document.activeElement;
      const idle = !active || active === document.body || active.matches("main, h1");
      if (!idle || clickedElsewhere) return;
      const treeElement = document.querySelector<HTMLElement>("[data-testid='span-tree']");
      if (!treeElement) return;
      event.preventDefault();
      treeElement.focus({ preventScroll: true });
      treeElement.dispatchEvent(
        new KeyboardEvent("keydown", { key: event.key, bubbles: true, cancelable: true }),
      );
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKey);
    };
  }, []);

  const rollup = useMemo(() => usageRollup(tree), [tree]);
  const span = tree.spans[selected];
  const full = useFullSpan(projectId, traceId, span?.spanId);
  return (
    <div className="trace-body">
      <SpanTimeline
        tree={tree}
        rows={rows}
        collapsed={collapsed}
        selected={selected}
        onSelect={setSelected}
        onToggle={toggle}
      />
      <div className="trace-body__detail">
        {span ? (
          <SpanDetail
            key={span.spanId}
            span={span}
            full={full}
            offsetMs={tree.offsetMs[selected] ?? 0}
            usage={spanTokens(tree, rollup, selected)}
          />
        ) : (
          <p className="muted">This trace has no spans.</p>
        )}
      </div>
    </div>
  );
}
