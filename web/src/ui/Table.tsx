import type { ComponentChildren } from "preact";
import { cx } from "./cx";
import { IconArrowDown, IconArrowUp, IconSort } from "./icons";

export type SortDirection = "asc" | "desc";

export interface SortState {
  key: string;
  direction: SortDirection;
}

export interface Column<Row> {
  key: string;
  header: ComponentChildren;
  render: (row: Row) => ComponentChildren;
  /** Show the sort affordance; the parent does the sorting via onSortChange. */
  sortable?: boolean;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  width?: string;
}

export interface TableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Accessible name for the table (visually hidden). */
  caption: string;
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  /** Mouse convenience only: also put a link in the row so keyboard users can open it. */
  onRowClick?: (row: Row) => void;
  /** Shown in a single full-width row when `rows` is empty. */
  empty?: ComponentChildren;
  className?: string;
}

function nextSort(current: SortState | null | undefined, key: string): SortState {
  if (current?.key !== key) return { key, direction: "asc" };
  return { key, direction: current.direction === "asc" ? "desc" : "asc" };
}

function SortIcon({ direction }: { direction: SortDirection | null }) {
  if (direction === "asc") return <IconArrowUp size={12} />;
  if (direction === "desc") return <IconArrowDown size={12} />;
  return <IconSort size={12} className="table__sort-idle" />;
}

function HeaderCell<Row>({
  column,
  sort,
  onSortChange,
}: {
  column: Column<Row>;
  sort: SortState | null | undefined;
  onSortChange: TableProps<Row>["onSortChange"];
}) {
  const direction = sort?.key === column.key ? sort.direction : null;
  const ariaSort = direction === "asc" ? "ascending" : direction === "desc" ? "descending" : undefined;
  const className = cx("table__th", column.numeric && "table__cell--numeric");
  if (!column.sortable || !onSortChange) {
    return (
      <th scope="col" className={className} style={column.width ? { width: column.width } : undefined}>
        {column.header}
      </th>
    );
  }
  return (
    <th
      scope="col"
      className={className}
      aria-sort={ariaSort}
      style={column.width ? { width: column.width } : undefined}
    >
      <button
        type="button"
        className={cx("table__sort", direction && "is-sorted")}
        onClick={() => onSortChange(nextSort(sort, column.key))}
      >
        {column.header}
        <SortIcon direction={direction} />
      </button>
    </th>
  );
}

/** Data table with sortable headers and an empty-row state. Sorting itself is the caller's job. */
export function Table<Row>({
  columns,
  rows,
  rowKey,
  caption,
  sort,
  onSortChange,
  onRowClick,
  empty = "Nothing to show yet.",
  className,
}: TableProps<Row>) {
  return (
    <div className={cx("table-wrap", className)}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <HeaderCell key={column.key} column={column} sort={sort} onSortChange={onSortChange} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr className="table__empty-row">
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr
                key={rowKey(row)}
                className={cx(onRowClick && "is-clickable")}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((column) => (
                  <td key={column.key} className={cx(column.numeric && "table__cell--numeric")}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
