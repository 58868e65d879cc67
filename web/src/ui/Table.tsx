import type { ComponentChildren } from "preact";
import { cx } from "./cx";

export interface Column<Row> {
  key: string;
  header: ComponentChildren;
  render: (row: Row) => ComponentChildren;
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
  /** Mouse convenience only: also put a link in the row so keyboard users can open it. */
  onRowClick?: (row: Row) => void;
  /** Shown in a single full-width row when `rows` is empty. */
  empty?: ComponentChildren;
  className?: string;
}

function HeaderCell<Row>({ column }: { column: Column<Row> }) {
  return (
    <th
      scope="col"
      className={cx("table__th", column.numeric && "table__cell--numeric")}
      style={column.width ? { width: column.width } : undefined}
    >
      {column.header}
    </th>
  );
}

/** Data table with an empty-row state. */
export function Table<Row>({
  columns,
  rows,
  rowKey,
  caption,
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
              <HeaderCell key={column.key} column={column} />
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
