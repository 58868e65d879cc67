import type { ComponentChildren, TargetedKeyboardEvent, TargetedMouseEvent } from "preact";
import type { SortOrder, TraceSort, TraceSummary } from "../../api/traceTypes";
import { cx } from "../../ui/cx";
import { IconArrowDown, IconArrowUp, IconSort } from "../../ui/icons";
import { PickAllBox, PickBox } from "../datasets/PickBox";
import type { TraceColumn } from "./columns";

export interface TraceTableProps {
  /** The project the traces belong to, for the links in their cells. */
  projectId: string;
  columns: readonly TraceColumn[];
  traces: readonly TraceSummary[];
  sort: TraceSort;
  order: SortOrder;
  onSort: (sort: TraceSort, order: SortOrder) => void;
  selectedId: string | null;
  onSelect: (traceId: string) => void;
  /** Rows under the data: loading, end of list, or a retry. */
  footer: ComponentChildren;
  /** Checkboxes to pick rows (for "Add to dataset"); the footer spans one more column. */
  selection?: { selected: ReadonlySet<string>; onChange: (selected: ReadonlySet<string>) => void };
}

function SortHeader({
  column,
  sort,
  order,
  onSort,
}: {
  column: TraceColumn & { sort: TraceSort };
  sort: TraceSort;
  order: SortOrder;
  onSort: TraceTableProps["onSort"];
}) {
  const active = sort === column.sort;
  const Icon = !active ? IconSort : order === "asc" ? IconArrowUp : IconArrowDown;
  return (
    <th
      scope="col"
      className={cx("table__th", column.numeric && "table__cell--numeric")}
      aria-sort={active ? (order === "asc" ? "ascending" : "descending") : undefined}
      style={column.width ? { width: column.width } : undefined}
    >
      <button
        type="button"
        className={cx("table__sort", active && "is-sorted")}
        // A new column starts with the largest (or newest) first.
        onClick={() => onSort(column.sort, active && order === "desc" ? "asc" : "desc")}
        data-testid={`sort-${column.sort}`}
      >
        {column.label}
        <Icon size={12} className={active ? undefined : "table__sort-idle"} />
      </button>
    </th>
  );
}

function isInteractive(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("a, button, input, select, textarea") !== null;
}

/** The traces table: server-side sorting, a row click opens the quick view. */
export function TraceTable({
  projectId,
  columns,
  traces,
  sort,
  order,
  onSort,
  selectedId,
  onSelect,
  footer,
  selection,
}: TraceTableProps) {
  const onRowClick = (traceId: string) => (event: TargetedMouseEvent<HTMLTableRowElement>) => {
    if (event.defaultPrevented || isInteractive(event.target)) return;
    onSelect(traceId);
  };
  const onRowKey = (traceId: string) => (event: TargetedKeyboardEvent<HTMLTableRowElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(traceId);
    }
  };
  return (
    <div className="table-wrap trace-table" data-testid="traces-table">
      <table className="table">
        <caption className="visually-hidden">Traces</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="table__th trace-table__pick">
                <PickAllBox
                  ids={traces.map((trace) => trace.traceId)}
                  picked={selection.selected}
                  onChange={selection.onChange}
                  label="Select every trace shown"
                  testId="select-all-traces"
                />
              </th>
            )}
            {columns.map((column) =>
              column.sort ? (
                <SortHeader
                  key={column.key}
                  column={{ ...column, sort: column.sort }}
                  sort={sort}
                  order={order}
                  onSort={onSort}
                />
              ) : (
                <th
                  key={column.key}
                  scope="col"
                  className={cx("table__th", column.numeric && "table__cell--numeric")}
                  style={column.width ? { width: column.width } : undefined}
                >
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {traces.map((trace) => (
            <tr
              key={trace.traceId}
              className={cx(
                "is-clickable",
                trace.traceId === selectedId && "is-selected",
                trace.status === "ERROR" && "is-error",
              )}
              tabIndex={0}
              aria-selected={trace.traceId === selectedId}
              onClick={onRowClick(trace.traceId)}
              onKeyDown={onRowKey(trace.traceId)}
              data-testid="trace-row"
              data-trace-id={trace.traceId}
              data-status={trace.status}
            >
              {selection && (
                <td className="trace-table__pick">
                  <PickBox
                    id={trace.traceId}
                    picked={selection.selected}
                    onChange={selection.onChange}
                    label={`Select ${trace.name || "trace"}`}
                    testId="select-trace"
                  />
                </td>
              )}
              {columns.map((column) => (
                <td key={column.key} className={cx(column.numeric && "table__cell--numeric")}>
                  {column.render(trace, projectId)}
                </td>
              ))}
            </tr>
          ))}
          {footer}
        </tbody>
      </table>
    </div>
  );
}
