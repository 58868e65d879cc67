import { useRef } from "preact/hooks";
import { Button } from "../../ui/Button";
import { Input } from "../../ui/Input";
import { IconPlus, IconTrash } from "../../ui/icons";
import { type HeaderRow, MAX_HEADERS } from "./judgeProviderForm";

export interface HeaderRowsProps {
  rows: readonly HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  /** The id of the message under the list, for the inputs' descriptions. */
  describedBy?: string;
  invalid?: boolean;
}

/**
 * Name/value pairs for a provider's extra headers. Values are typed like passwords: the server
 * seals them with the key and only ever shows the names again.
 */
export function HeaderRows({ rows, onChange, describedBy, invalid }: HeaderRowsProps) {
  const nextId = useRef(rows.reduce((max, row) => Math.max(max, row.id), 0) + 1);
  const update = (id: number, change: Partial<Omit<HeaderRow, "id">>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const add = () => onChange([...rows, { id: nextId.current++, name: "", value: "" }]);

  return (
    <div className="header-rows" data-testid="provider-headers">
      {rows.length > 0 && (
        <ul className="header-rows__list">
          {rows.map((row, index) => (
            <li key={row.id} className="header-rows__row" data-testid="provider-header-row">
              <Input
                size="sm"
                value={row.name}
                onInput={(event) => update(row.id, { name: event.currentTarget.value })}
                placeholder="Header name, e.g. OpenAI-Organization"
                aria-label={`Header ${index + 1} name`}
                aria-describedby={describedBy}
                aria-invalid={invalid ? "true" : undefined}
                autoComplete="off"
                spellcheck={false}
                maxLength={100}
                data-testid="provider-header-name"
              />
              <Input
                size="sm"
                type="password"
                value={row.value}
                onInput={(event) => update(row.id, { value: event.currentTarget.value })}
                placeholder="Value"
                aria-label={`Value of ${row.name.trim() || `header ${index + 1}`}`}
                aria-describedby={describedBy}
                aria-invalid={invalid ? "true" : undefined}
                autoComplete="new-password"
                maxLength={4000}
                data-testid="provider-header-value"
              />
              <Button
                size="sm"
                variant="ghost"
                icon={IconTrash}
                aria-label={`Remove ${row.name.trim() || `header ${index + 1}`}`}
                title="Remove"
                onClick={() => onChange(rows.filter((candidate) => candidate.id !== row.id))}
                data-testid="provider-header-remove"
              />
            </li>
          ))}
        </ul>
      )}
      {rows.length < MAX_HEADERS && (
        <div>
          <Button size="sm" variant="ghost" icon={IconPlus} onClick={add} data-testid="provider-header-add">
            Add header
          </Button>
        </div>
      )}
    </div>
  );
}
