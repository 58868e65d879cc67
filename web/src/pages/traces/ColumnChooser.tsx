import { IconColumns } from "../../ui/icons";
import { Menu, MenuCheckboxItem, MenuItem, MenuSeparator } from "../../ui/Menu";
import { type ColumnKey, TRACE_COLUMNS } from "./columns";

/** Shows or hides the table's columns (the choice is remembered by useColumnPrefs). */
export function ColumnChooser({
  visible,
  onToggle,
  onReset,
}: {
  visible: readonly ColumnKey[];
  onToggle: (key: ColumnKey) => void;
  onReset: () => void;
}) {
  return (
    <Menu
      label={
        <>
          <IconColumns size={14} />
          <span className="btn__label">Columns</span>
        </>
      }
      triggerClassName="btn btn--ghost btn--sm"
      triggerTestId="column-chooser"
      menuLabel="Columns"
      menuTestId="column-menu"
      align="end"
    >
      {(close) => (
        <>
          {TRACE_COLUMNS.filter((column) => column.key !== "name").map((column) => (
            <MenuCheckboxItem
              key={column.key}
              checked={visible.includes(column.key)}
              onToggle={() => onToggle(column.key)}
              data-testid={`column-toggle-${column.key}`}
            >
              {column.label}
            </MenuCheckboxItem>
          ))}
          <MenuSeparator />
          <MenuItem
            onSelect={() => {
              onReset();
              close();
            }}
          >
            Reset to default
          </MenuItem>
        </>
      )}
    </Menu>
  );
}
