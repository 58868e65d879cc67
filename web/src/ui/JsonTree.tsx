import { useState } from "preact/hooks";
import { cx } from "./cx";
import { IconChevronDown, IconChevronRight } from "./icons";

/** A collapsible JSON viewer. Objects and arrays open to `openDepth`; long lists show 100 at a time. */
export interface JsonTreeProps {
  value: unknown;
  /** Levels open at first (0 = only the root line). */
  openDepth?: number;
  className?: string;
  "data-testid"?: string;
}

const PAGE = 100;
/** Appended by the server to payloads cut at its size cap. */
export const TRUNCATION_MARKER = "…[truncated by Sightline]";

export function TruncatedText({ text }: { text: string }) {
  if (!text.endsWith(TRUNCATION_MARKER)) return <>{text}</>;
  return (
    <>
      {text.slice(0, -TRUNCATION_MARKER.length)}
      <mark className="truncated-marker" data-testid="truncated-marker">
        … truncated by Sightline
      </mark>
    </>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (value === null) return <span className="json__null">null</span>;
  if (typeof value === "string")
    return (
      <span className="json__string">
        "<TruncatedText text={value} />"
      </span>
    );
  if (typeof value === "number") return <span className="json__number">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="json__boolean">{String(value)}</span>;
  return <span className="json__null">{value === undefined ? "undefined" : String(value)}</span>;
}

function isBranch(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

function Node({
  name,
  value,
  depth,
  openDepth,
}: {
  name: string | null;
  value: unknown;
  depth: number;
  openDepth: number;
}) {
  const branch = isBranch(value);
  const entries = branch
    ? Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value)
    : [];
  const [open, setOpen] = useState(depth < openDepth && entries.length <= 500);
  const [limit, setLimit] = useState(PAGE);
  const label = name !== null && <span className="json__key">{name}: </span>;

  if (!branch)
    return (
      <div className="json__line">
        {label}
        <Primitive value={value} />
      </div>
    );

  const isArray = Array.isArray(value);
  const summary = isArray ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0)
    return (
      <div className="json__line">
        {label}
        <span className="json__punct">{isArray ? "[]" : "{}"}</span>
      </div>
    );
  return (
    <div className="json__branch">
      <button
        type="button"
        className="json__toggle"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
        {label}
        <span className="json__punct">{summary}</span>
      </button>
      {open && (
        <div className="json__children">
          {entries.slice(0, limit).map(([key, child]) => (
            <Node key={key} name={key} value={child} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > limit && (
            <button type="button" className="json__more" onClick={() => setLimit((value) => value + PAGE)}>
              Show {Math.min(PAGE, entries.length - limit)} more of {entries.length - limit}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function JsonTree({ value, openDepth = 2, className, ...rest }: JsonTreeProps) {
  // A non-empty object or array shows its entries at the top level, without a root line to open.
  const entries =
    isBranch(value) && Object.keys(value).length > 0 && Object.keys(value).length <= PAGE
      ? Array.isArray(value)
        ? value.map((item, index) => [String(index), item] as const)
        : Object.entries(value)
      : null;
  return (
    <div className={cx("json", className)} data-testid={rest["data-testid"]}>
      {entries ? (
        entries.map(([key, child]) => (
          <Node key={key} name={key} value={child} depth={1} openDepth={openDepth} />
        ))
      ) : (
        <Node name={null} value={value} depth={0} openDepth={openDepth} />
      )}
    </div>
  );
}
