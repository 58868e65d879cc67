import { useState } from "preact/hooks";
import type { ScorerVersion } from "../../api/scorers";
import { formatDateTime, formatRelative } from "../../app/format";
import { Card } from "../../ui/Card";
import { cx } from "../../ui/cx";
import { diffDefinitions } from "./diff";

const MARK = { same: " ", add: "+", remove: "−" } as const;

/** The versions, newest first, and what one changed from the one before it. */
export function VersionHistory({ versions }: { versions: readonly ScorerVersion[] }) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const index = Math.max(
    0,
    versions.findIndex((version) => version.id === selectedId),
  );
  const selected = versions[index];
  if (!selected) return null;
  const previous = versions[index + 1] ?? null;
  const lines = diffDefinitions(previous?.definition ?? null, selected.definition);
  const added = lines.filter((line) => line.op === "add").length;
  const removed = lines.filter((line) => line.op === "remove").length;

  return (
    <Card
      title="Version history"
      description="Versions never change; each save makes the next one."
      data-testid="version-history"
    >
      <div className="versions">
        <ol className="versions__list">
          {versions.map((version) => (
            <li key={version.id}>
              <button
                type="button"
                className={cx("versions__item", version.id === selected.id && "is-selected")}
                aria-pressed={version.id === selected.id}
                onClick={() => setSelectedId(version.id)}
                data-testid="version-item"
              >
                <span className="versions__number">v{version.version}</span>
                <span className="versions__message">
                  {version.message || <span className="muted">No message</span>}
                </span>
                <time
                  className="muted"
                  dateTime={version.createdAt}
                  title={formatDateTime(version.createdAt)}
                >
                  {formatRelative(version.createdAt)}
                </time>
              </button>
            </li>
          ))}
        </ol>
        <div className="versions__diff" data-testid="version-diff">
          <p className="versions__summary">
            {previous ? (
              <>
                Version {selected.version} against {previous.version}:{" "}
                <span className="diff-add">+{added}</span> <span className="diff-remove">−{removed}</span>
              </>
            ) : (
              <>Version {selected.version} is the first.</>
            )}
          </p>
          <pre className="diff">
            {lines.map((line, lineIndex) => (
              <div
                // Lines repeat, so position is part of the key; the list is rebuilt on each change anyway.
                key={`${lineIndex}:${line.op}`}
                className={cx("diff__line", `diff__line--${line.op}`)}
                data-op={line.op}
              >
                <span className="diff__mark" aria-hidden="true">
                  {MARK[line.op]}
                </span>
                {line.text || " "}
              </div>
            ))}
          </pre>
        </div>
      </div>
    </Card>
  );
}
