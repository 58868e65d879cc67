import type { TargetedKeyboardEvent } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { ROW_HEIGHT, SpanRow } from "./SpanRow";
import { hasChildren, type SpanTree } from "./spanTree";
import { TimeAxis } from "./TimeAxis";
import { useVirtualRows } from "./useVirtualRows";

export interface SpanTimelineProps {
  tree: SpanTree;
  /** Positions of the shown rows, ascending (see visibleRows). */
  rows: Int32Array;
  collapsed: ReadonlySet<number>;
  selected: number;
  onSelect: (position: number) => void;
  onToggle: (position: number, expand?: boolean) => void;
}

/** Index of `position` among the shown rows (binary search), or of the row before it. */
export function rowIndexOf(rows: Int32Array, position: number): number {
  let low = 0;
  let high = rows.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = rows[mid] ?? 0;
    if (value === position) return mid;
    if (value < position) low = mid + 1;
    else high = mid - 1;
  }
  return Math.max(0, high);
}

/**
 * The span tree and the waterfall side by side, in one scroll container, virtualised: only the
 * rows in view (plus overscan) are in the DOM, each at a fixed height.
 */
export function SpanTimeline({ tree, rows, collapsed, selected, onSelect, onToggle }: SpanTimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { start, end, reveal } = useVirtualRows(scrollRef, rows.length, ROW_HEIGHT);
  const selectedRow = rowIndexOf(rows, selected);

  useEffect(() => reveal(selectedRow), [selectedRow, reveal]);

  const select = (position: number) => {
    onSelect(position);
    scrollRef.current?.focus({ preventScroll: true });
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const moveTo = (index: number) => {
      const position = rows[Math.min(rows.length - 1, Math.max(0, index))];
      if (position !== undefined) onSelect(position);
    };
    const expandable = hasChildren(tree, selected);
    switch (event.key) {
      case "ArrowDown":
        moveTo(selectedRow + 1);
        break;
      case "ArrowUp":
        moveTo(selectedRow - 1);
        break;
      case "PageDown":
        moveTo(selectedRow + page);
        break;
      case "PageUp":
        moveTo(selectedRow - page);
        break;
      case "Home":
        moveTo(0);
        break;
      case "End":
        moveTo(rows.length - 1);
        break;
      case "ArrowRight":
        if (expandable && collapsed.has(selected)) onToggle(selected, true);
        else if (expandable) onSelect(selected + 1);
        break;
      case "ArrowLeft": {
        const parent = tree.parent[selected] ?? -1;
        if (expandable && !collapsed.has(selected)) onToggle(selected, false);
        else if (parent >= 0) onSelect(parent);
        break;
      }
      case "Enter":
      case " ":
        if (expandable) onToggle(selected);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const items = [];
  for (let index = start; index < end; index++) {
    const position = rows[index];
    if (position === undefined) continue;
    const span = tree.spans[position];
    if (!span) continue;
    const expandable = hasChildren(tree, position);
    items.push(
      <SpanRow
        key={span.spanId}
        span={span}
        position={position}
        row={index}
        depth={tree.depth[position] ?? 0}
        offsetMs={tree.offsetMs[position] ?? 0}
        totalMs={tree.totalMs}
        expandable={expandable}
        expanded={!collapsed.has(position)}
        selected={position === selected}
        onSelect={select}
        onToggle={onToggle}
      />,
    );
  }

  return (
    <div className="timeline" data-testid="span-timeline">
      <div className="timeline__head">
        <span className="timeline__head-tree">
          Spans <span className="muted num">{tree.spans.length.toLocaleString()}</span>
        </span>
        <TimeAxis totalMs={tree.totalMs} />
      </div>
      <div
        ref={scrollRef}
        className="timeline__scroll"
        role="tree"
        aria-label="Spans"
        aria-activedescendant={`span-row-${selected}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="span-tree"
        data-rows={rows.length}
      >
        <div className="timeline__canvas" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          <div className="timeline__grid" aria-hidden="true" />
          {items}
        </div>
      </div>
    </div>
  );
}
