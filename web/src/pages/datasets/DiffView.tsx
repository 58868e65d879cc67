import { useState } from "preact/hooks";
import { type DatasetDiff, type DiffChange, getDiff } from "../../api/datasets";
import { useCursorPages } from "../../api/useCursorPages";
import { formatInteger } from "../../app/numbers";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { type DiffLine, diffLines } from "../scorers/diff";
import { previewOf } from "./jsonPreview";

const FIELDS = ["inputs", "expectations", "outputs", "tags"] as const;
const TONE = { added: "success", removed: "danger", changed: "warning" } as const;
const LABEL = { added: "Added", removed: "Removed", changed: "Changed" } as const;

const linesOf = (value: unknown) =>
  value === null || value === undefined ? [] : (JSON.stringify(value, null, 2) ?? "").split("\n");

function Side({
  title,
  lines,
  hidden,
}: {
  title: string;
  lines: readonly DiffLine[];
  hidden: DiffLine["op"];
}) {
  const shown = lines.filter((line) => line.op !== hidden);
  return (
    <div className="ds-change__side">
      <span className="ds-change__side-title">{title}</span>
      <pre className="diff">
        {shown.length === 0 ? (
          <div className="diff__line muted">(none)</div>
        ) : (
          shown.map((line, index) => (
            // Lines repeat, so their position is part of the key; the list is rebuilt whole anyway.
            <div
              key={`${index}:${line.op}`}
              className={cx("diff__line", `diff__line--${line.op}`)}
              data-op={line.op}
            >
              {line.text || " "}
            </div>
          ))
        )}
      </pre>
    </div>
  );
}

/** One record's change: each field that differs, before and after side by side. */
function Change({ change, from, to }: { change: DiffChange; from: number; to: number }) {
  const record = change.after ?? change.before;
  const title = previewOf(record?.inputs).lines[0];
  const fields = FIELDS.map((field) => {
    const before = linesOf(change.before?.[field]);
    const after = linesOf(change.after?.[field]);
    return { field, lines: diffLines(before, after), same: before.join("\n") === after.join("\n") };
  }).filter((item) => !item.same);
  return (
    <article
      className={cx("ds-change", `ds-change--${change.change}`)}
      data-testid="diff-change"
      data-change={change.change}
    >
      <header className="ds-change__header">
        <Badge tone={TONE[change.change]}>{LABEL[change.change]}</Badge>
        <span className="ds-change__title">
          {title ? `${title.key ? `${title.key}: ` : ""}${title.text}` : ""}
        </span>
        <span className="mono muted ds-change__id">{change.recordId}</span>
      </header>
      {fields.map(({ field, lines }) => (
        <section key={field} className="ds-change__field" data-field={field}>
          <h4 className="ds-change__field-name">{field}</h4>
          <div className="ds-change__sides">
            <Side title={`Before · v${from}`} lines={lines} hidden="add" />
            <Side title={`After · v${to}`} lines={lines} hidden="remove" />
          </div>
        </section>
      ))}
    </article>
  );
}

/** Records added, removed and changed between two versions, a page at a time. */
export function DiffView({
  projectId,
  datasetId,
  from,
  to,
}: {
  projectId: string;
  datasetId: string;
  from: number;
  to: number;
}) {
  const key = `${projectId}:${datasetId}:${from}:${to}`;
  // The counts come with the first page; kept with the pair they are of, so an old answer never shows.
  const [counted, setCounted] = useState<{ key: string; counts: DatasetDiff["counts"] } | null>(null);
  const { pages, loadMore, reload } = useCursorPages<DiffChange>({
    key,
    what: "the diff",
    idOf: (change) => change.recordId,
    fetchPage: async (cursor, signal) => {
      const diff = await getDiff(projectId, datasetId, { from, to, cursor, limit: 50 }, { signal });
      if (cursor === undefined) setCounted({ key, counts: diff.counts });
      return { items: diff.changes, nextCursor: diff.nextCursor };
    },
  });
  const counts = counted?.key === key ? counted.counts : null;
  if (pages.status === "loading")
    return <LoadingRows label="Comparing the versions…" block="trace-loading" />;
  if (pages.status === "error") return <LoadFailed what="the diff" error={pages.error} onRetry={reload} />;
  return (
    <div className="ds-diff" data-testid="version-diff">
      <p className="ds-diff__counts" data-testid="diff-counts">
        {from === to ? (
          "The same version: nothing to compare."
        ) : (
          <>
            From v{from} to v{to}: <span className="diff-add">{formatInteger(counts?.added ?? 0)} added</span>{" "}
            · <span className="diff-remove">{formatInteger(counts?.removed ?? 0)} removed</span> ·{" "}
            <span className="ds-diff__changed">{formatInteger(counts?.changed ?? 0)} changed</span>
          </>
        )}
      </p>
      {pages.items.length === 0 && from !== to && (
        <p className="muted">No record differs between these versions.</p>
      )}
      {pages.items.map((change) => (
        <Change key={change.recordId} change={change} from={from} to={to} />
      ))}
      {pages.nextCursor && (
        <div className="load-more">
          <Button onClick={() => void loadMore()} loading={pages.loadingMore}>
            More changes
          </Button>
        </div>
      )}
    </div>
  );
}
