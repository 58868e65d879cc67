import { IconColumns } from "../../ui/icons";
import { Menu, MenuCheckboxItem, MenuGroup, MenuItem, MenuSeparator } from "../../ui/Menu";
import { type ColumnKey, TRACE_COLUMNS } from "./columns";
import { MAX_FEEDBACK_COLUMNS } from "./useFeedbackColumns";

/**
 * Shows or hides the table's columns (the choice is remembered by useColumnPrefs), and adds a
 * column per feedback name of the project (useFeedbackColumns).
 */
export function ColumnChooser({
  visible,
  onToggle,
  onReset,
  feedbackNames,
  feedbackVisible,
  onToggleFeedback,
}: {
  visible: readonly ColumnKey[];
  onToggle: (key: ColumnKey) => void;
  onReset: () => void;
  /** The project's feedback names. */
  feedbackNames: readonly string[];
  feedbackVisible: readonly string[];
  onToggleFeedback: (name: string) => void;
}) {
  // A chosen name keeps its item even when the project's list no longer has it (to remove it).
  const names = [...new Set([...feedbackNames, ...feedbackVisible])];
  const full = feedbackVisible.length >= MAX_FEEDBACK_COLUMNS;
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
          <MenuGroup label="Feedback">
            {names.length === 0 && <p className="menu__empty">No feedback in this project yet</p>}
            {names.map((name) => (
              <MenuCheckboxItem
                key={name}
                checked={feedbackVisible.includes(name)}
                disabled={full && !feedbackVisible.includes(name)}
                onToggle={() => onToggleFeedback(name)}
                data-testid={`column-toggle-feedback-${name}`}
              >
                <span className="mono">{name}</span>
              </MenuCheckboxItem>
            ))}
          </MenuGroup>
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
