import type { SpanSummary } from "../../api/traceTypes";
import { formatDuration } from "../../app/numbers";
import { cx } from "../../ui/cx";
import { IconChevronDown, IconChevronRight } from "../../ui/icons";
import { spanTypeLook } from "./spanTypes";

export const ROW_HEIGHT = 30;
const INDENT = 14;
/** Deeper levels stop indenting (a 10,000-deep chain would push names off screen). */
const MAX_INDENT_LEVELS = 24;

export interface SpanRowProps {
  span: SpanSummary;
  position: number;
  /** Index among the shown rows: sets the vertical position. */
  row: number;
  depth: number;
  offsetMs: number;
  totalMs: number;
  expandable: boolean;
  expanded: boolean;
  selected: boolean;
  onSelect: (position: number) => void;
  onToggle: (position: number) => void;
}

/** One row of the timeline: the tree cell (indent, toggle, type, name) and its waterfall bar. */
export function SpanRow({
  span,
  position,
  row,
  depth,
  offsetMs,
  totalMs,
  expandable,
  expanded,
  selected,
  onSelect,
  onToggle,
}: SpanRowProps) {
  const look = spanTypeLook(span.spanType);
  const Icon = look.icon;
  const left = (offsetMs / totalMs) * 100;
  const width = (Math.max(0, span.durationMs) / totalMs) * 100;
  const error = span.status === "ERROR";
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the tree container handles the keyboard (arrow keys move the selection, aria-activedescendant points at the row).
    <div
      id={`span-row-${position}`}
      role="treeitem"
      tabIndex={-1}
      aria-level={depth + 1}
      aria-selected={selected}
      aria-expanded={expandable ? expanded : undefined}
      className={cx("span-row", selected && "is-selected", error && "is-error")}
      style={{ transform: `translateY(${row * ROW_HEIGHT}px)` }}
      onClick={() => onSelect(position)}
      data-testid="span-row"
      data-span-id={span.spanId}
      data-span-type={span.spanType}
    >
      <div
        className="span-row__tree"
        style={{ paddingLeft: `${Math.min(depth, MAX_INDENT_LEVELS) * INDENT + 6}px` }}
      >
        {expandable ? (
          <button
            type="button"
            tabIndex={-1}
            className="span-row__toggle"
            aria-label={expanded ? `Collapse ${span.name}` : `Expand ${span.name}`}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(position);
            }}
            data-testid="span-toggle"
          >
            {expanded ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
          </button>
        ) : (
          <span className="span-row__toggle" aria-hidden="true" />
        )}
        <span className={cx("span-type", `span-type--${look.tone}`)} title={look.label}>
          <Icon size={12} />
        </span>
        <span className="span-row__name" title={span.name}>
          {span.name}
        </span>
        {depth > MAX_INDENT_LEVELS && <span className="span-row__depth">L{depth}</span>}
        {error && (
          <span className="span-row__error" title="Error">
            <span className="visually-hidden">Error</span>
          </span>
        )}
      </div>
      <div className="span-row__lane">
        <span
          className={cx("span-bar", `span-bar--${look.tone}`, error && "span-bar--error")}
          style={{ left: `${left}%`, width: `max(2px, ${width}%)` }}
        />
        {/* The lane keeps a right margin wide enough for the label even after a bar that ends at 100%. */}
        <span className="span-row__duration" style={{ left: `calc(${Math.min(100, left + width)}% + 6px)` }}>
          {formatDuration(span.durationMs)}
        </span>
      </div>
    </div>
  );
}
