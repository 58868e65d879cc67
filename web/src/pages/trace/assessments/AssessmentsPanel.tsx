import { useEffect, useMemo, useState } from "preact/hooks";
import { type Assessment, deleteAssessment, listAssessments } from "../../../api/assessments";
import { useResource } from "../../../api/useResource";
import { notifyError } from "../../../app/notify";
import { Button } from "../../../ui/Button";
import { Card } from "../../../ui/Card";
import { Checkbox } from "../../../ui/Checkbox";
import { confirm } from "../../../ui/confirm";
import { cx } from "../../../ui/cx";
import { IconChevronDown, IconChevronRight, IconPlus } from "../../../ui/icons";
import { Skeleton } from "../../../ui/Skeleton";
import { toast } from "../../../ui/toast";
import { LoadFailed } from "../../common/LoadFailed";
import { AssessmentDialog, type DialogMode } from "./AssessmentDialog";
import { AssessmentGroups } from "./AssessmentGroups";
import { threadsOf } from "./threads";
import { useFeedbackNames } from "./useFeedbackNames";
import { useOpenPreference } from "./useOpenPreference";

export interface AssessmentsPanelProps {
  projectId: string;
  traceId: string;
  /** The user may add, override and delete feedback (`feedback:write`). */
  canWrite: boolean;
}

function countLabel(feedback: number, expectations: number): string {
  const part = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return `${part(feedback, "feedback", "feedback")} · ${part(expectations, "expectation", "expectations")}`;
}

/**
 * The trace's feedback and expectations, each with the values it replaced (the whole history is
 * read at once: `?history=true`), and the forms that add, override and delete them.
 */
export function AssessmentsPanel({ projectId, traceId, canWrite }: AssessmentsPanelProps) {
  const [state, reload] = useResource(`assessments:${projectId}:${traceId}`, (signal) =>
    listAssessments(projectId, traceId, true, { signal }),
  );
  const [open, setOpen] = useOpenPreference();
  const [showHistory, setShowHistory] = useState(false);
  const [dialog, setDialog] = useState<DialogMode | null>(null);
  const { names } = useFeedbackNames(projectId, dialog?.kind === "feedback");
  const threads = useMemo(() => (state.status === "ready" ? threadsOf(state.data) : null), [state]);
  const hasHistory =
    threads !== null &&
    (threads.deleted.length > 0 ||
      [...threads.feedback, ...threads.expectations].some((t) => t.older.length > 0));

  useEffect(() => {
    if (state.status === "error") notifyError("Couldn't load the assessments", state.error);
  }, [state]);

  const remove = async (assessment: Assessment) => {
    const confirmed = await confirm({
      title: `Delete ${assessment.name}?`,
      message: "It leaves the trace and the quality charts; the history keeps it, marked deleted.",
      confirmLabel: "Delete",
      tone: "danger",
    });
    if (!confirmed) return;
    try {
      await deleteAssessment(projectId, traceId, assessment.id);
      toast.success(`Deleted ${assessment.name}`);
    } catch (error) {
      notifyError(`Couldn't delete ${assessment.name}`, error);
    }
    reload();
  };

  const actions = {
    onOverride: (assessment: Assessment) => setDialog({ kind: assessment.kind, replacing: assessment }),
    onDelete: (assessment: Assessment) => void remove(assessment),
    onShowHistory: () => setShowHistory(true),
  };

  return (
    <>
      <Card
        title={
          <button
            type="button"
            className="assessments__toggle"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            data-testid="assessments-toggle"
          >
            {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            Assessments
          </button>
        }
        description={
          threads && threads.feedback.length + threads.expectations.length > 0
            ? countLabel(threads.feedback.length, threads.expectations.length)
            : undefined
        }
        actions={
          <>
            {open && hasHistory && (
              <Checkbox
                label="Show history"
                checked={showHistory}
                onChange={setShowHistory}
                data-testid="assessments-history-toggle"
              />
            )}
            {canWrite && (
              <>
                <Button
                  size="sm"
                  icon={IconPlus}
                  onClick={() => setDialog({ kind: "feedback", replacing: null })}
                  data-testid="add-feedback"
                >
                  Feedback
                </Button>
                <Button
                  size="sm"
                  icon={IconPlus}
                  onClick={() => setDialog({ kind: "expectation", replacing: null })}
                  data-testid="add-expectation"
                >
                  Expectation
                </Button>
              </>
            )}
          </>
        }
        className={cx("assessments-panel", !open && "is-closed")}
        data-testid="assessments-panel"
      >
        {open && (state.status === "loading" || state.status === "idle") && (
          <div className="assessments__loading" role="status" aria-label="Loading assessments">
            <Skeleton width="45%" height={14} />
            <Skeleton width="70%" height={14} />
          </div>
        )}
        {open && state.status === "error" && (
          <LoadFailed
            what="the assessments"
            error={state.error}
            onRetry={reload}
            testId="assessments-error"
          />
        )}
        {open && threads && (
          <AssessmentGroups
            threads={threads}
            projectId={projectId}
            canWrite={canWrite}
            showHistory={showHistory}
            actions={actions}
          />
        )}
      </Card>
      <AssessmentDialog
        mode={dialog}
        projectId={projectId}
        traceId={traceId}
        knownNames={names}
        onClose={() => setDialog(null)}
        onSaved={() => {
          setOpen(true);
          reload();
        }}
        onStale={reload}
      />
    </>
  );
}
