import { useState } from "preact/hooks";
import { JsonTree } from "../../ui/JsonTree";
import { previewOf } from "./jsonPreview";

/** A record's JSON field in a table cell: a few readable lines, expandable to the whole value. */
export function JsonCell({ value, testId }: { value: unknown; testId: string }) {
  const [open, setOpen] = useState(false);
  const preview = previewOf(value);
  if (preview.lines.length === 0)
    return (
      <span className="muted" data-testid={testId}>
        {value === null || value === undefined ? "—" : "{}"}
      </span>
    );
  return (
    <div className="ds-json" data-testid={testId}>
      {open ? (
        <JsonTree value={value} openDepth={3} className="ds-json__tree" />
      ) : (
        <dl className="ds-json__lines">
          {preview.lines.map((line) => (
            <div key={line.key ?? ""} className="ds-json__line">
              {line.key !== null && <dt className="ds-json__key">{line.key}</dt>}
              <dd className="ds-json__value">{line.text}</dd>
            </div>
          ))}
        </dl>
      )}
      {(preview.cut || open) && (
        <button
          type="button"
          className="link-button ds-json__toggle"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
          data-testid="json-expand"
        >
          {open ? "Collapse" : preview.more > 0 ? `Show all (${preview.more} more)` : "Show all"}
        </button>
      )}
    </div>
  );
}
