import { useState } from "preact/hooks";
import type { Assessment } from "../../../api/assessments";
import { traceHref } from "../../../app/links";
import { Link } from "../../../router";
import { Badge } from "../../../ui/Badge";
import { Button } from "../../../ui/Button";
import { cx } from "../../../ui/cx";
import { IconHistory, IconPencil, IconTrash } from "../../../ui/icons";
import { AssessmentBody, AssessmentMeta } from "./AssessmentMeta";
import type { Thread } from "./threads";

export interface AssessmentActions {
  onOverride: (assessment: Assessment) => void;
  onDelete: (assessment: Assessment) => void;
  onShowHistory: () => void;
}

/** Rationales longer than this start clamped to a few lines (judges write long ones). */
const LONG_RATIONALE = 280;

function Rationale({ text }: { text: string | null }) {
  const [full, setFull] = useState(false);
  if (!text) return null;
  const long = text.length > LONG_RATIONALE;
  return (
    <div className="assessment__rationale-wrap">
      <p
        className={cx("assessment__rationale", long && !full && "is-clamped")}
        data-testid="assessment-rationale"
      >
        {text}
      </p>
      {long && (
        <button type="button" className="link-button assessment__more" onClick={() => setFull(!full)}>
          {full ? "Show less" : "Show more"}
        </button>
      )}
    </div>
  );
}

/** An older value of a thread: what it was, why, who gave it and when, and what became of it. */
function Older({ assessment }: { assessment: Assessment }) {
  return (
    <li className="assessment-history__item" data-testid="assessment-history-item" data-id={assessment.id}>
      <div className="assessment__head">
        <Badge tone={assessment.deleted ? "danger" : "neutral"}>
          {assessment.deleted ? "Deleted" : "Overridden"}
        </Badge>
        <AssessmentBody assessment={assessment} />
      </div>
      <Rationale text={assessment.rationale} />
      <AssessmentMeta assessment={assessment} />
    </li>
  );
}

/**
 * One assessment with the values it replaced: its name and value (or error), rationale, source,
 * author and time; with `canWrite`, Override and Delete.
 */
export function AssessmentItem({
  thread,
  projectId,
  showHistory,
  canWrite,
  actions,
}: {
  thread: Thread;
  projectId: string;
  showHistory: boolean;
  canWrite: boolean;
  actions: AssessmentActions;
}) {
  const { head, older } = thread;
  const current = head.valid && !head.deleted;
  const inline = head.kind === "feedback" || head.error !== null;
  return (
    <li
      className={current ? "assessment" : "assessment is-retired"}
      data-testid="assessment"
      data-id={head.id}
      data-name={head.name}
      data-kind={head.kind}
    >
      <div className="assessment__head">
        <span className="assessment__name">{head.name}</span>
        {inline && <AssessmentBody assessment={head} />}
        {head.spanId && head.traceId && (
          <Link
            href={traceHref(projectId, head.traceId, head.spanId)}
            className="assessment__span mono"
            title="Assesses this span"
          >
            span {head.spanId.slice(0, 8)}
          </Link>
        )}
        {!current && <Badge tone="danger">Deleted</Badge>}
        {older.length > 0 && !showHistory && (
          <button
            type="button"
            className="link-button assessment__edited"
            onClick={actions.onShowHistory}
            data-testid="assessment-show-history"
          >
            <IconHistory size={12} />
            {older.length === 1 ? "1 earlier value" : `${older.length} earlier values`}
          </button>
        )}
        {canWrite && current && (
          <span className="assessment__actions">
            <Button
              size="sm"
              variant="ghost"
              icon={IconPencil}
              onClick={() => actions.onOverride(head)}
              data-testid="assessment-override"
            >
              Override
            </Button>
            <Button
              size="sm"
              variant="ghost"
              icon={IconTrash}
              aria-label={`Delete ${head.name}`}
              title="Delete"
              onClick={() => actions.onDelete(head)}
              data-testid="assessment-delete"
            />
          </span>
        )}
      </div>
      {!inline && <AssessmentBody assessment={head} />}
      <Rationale text={head.rationale} />
      <AssessmentMeta assessment={head} />
      {showHistory && older.length > 0 && (
        <ol
          className="assessment-history"
          aria-label={`Earlier values of ${head.name}`}
          data-testid="assessment-history"
        >
          {older.map((assessment) => (
            <Older key={assessment.id} assessment={assessment} />
          ))}
        </ol>
      )}
    </li>
  );
}
