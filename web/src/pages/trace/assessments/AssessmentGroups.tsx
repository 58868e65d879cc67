import { IconThumbUp } from "../../../ui/icons";
import { type AssessmentActions, AssessmentItem } from "./AssessmentItem";
import type { Thread, Threads } from "./threads";

interface GroupsProps {
  threads: Threads;
  projectId: string;
  canWrite: boolean;
  showHistory: boolean;
  actions: AssessmentActions;
}

function Group({
  title,
  threads,
  none,
  testId,
  ...rest
}: Omit<GroupsProps, "threads"> & { title: string; threads: Thread[]; none: string; testId: string }) {
  return (
    <section className="assessments__group" data-testid={testId}>
      <h3 className="assessments__heading">
        {title}
        <span className="assessments__count">{threads.length}</span>
      </h3>
      {threads.length === 0 ? (
        <p className="muted assessments__none">{none}</p>
      ) : (
        <ul className="assessments__list">
          {threads.map((thread) => (
            <AssessmentItem key={thread.head.id} thread={thread} {...rest} />
          ))}
        </ul>
      )}
    </section>
  );
}

function NoFeedback({ canWrite }: { canWrite: boolean }) {
  return (
    <div className="assessments__empty" data-testid="assessments-empty">
      <span className="assessments__empty-icon" aria-hidden="true">
        <IconThumbUp size={18} />
      </span>
      <div>
        <p className="assessments__empty-title">No feedback yet</p>
        <p className="muted">
          {canWrite ? (
            <>
              Rate this trace with <strong>Feedback</strong> (thumbs, a score or a label, with a rationale),
              or record what a good answer looks like with <strong>Expectation</strong>. Your application can
              send its users' feedback too: <code>POST …/traces/{"{traceId}"}/assessments</code>, or{" "}
              <code>logFeedback</code> in the SDK.
            </>
          ) : (
            <>
              Feedback and expectations given on this trace show here. Your role can read them; an annotator,
              member or admin can add them.
            </>
          )}
        </p>
      </div>
    </div>
  );
}

/** Feedback and expectations side by side; with the history shown, the deleted ones under them. */
export function AssessmentGroups({ threads, ...rest }: GroupsProps) {
  const { feedback, expectations, deleted } = threads;
  const shownDeleted = rest.showHistory ? deleted : [];
  if (feedback.length === 0 && expectations.length === 0 && shownDeleted.length === 0)
    return <NoFeedback canWrite={rest.canWrite} />;
  return (
    <>
      <div className="assessments__groups">
        <Group
          title="Feedback"
          threads={feedback}
          none="No feedback yet."
          testId="feedback-group"
          {...rest}
        />
        <Group
          title="Expectations"
          threads={expectations}
          none="No expectations yet."
          testId="expectations-group"
          {...rest}
        />
      </div>
      {shownDeleted.length > 0 && (
        <Group title="Deleted" threads={shownDeleted} none="" testId="deleted-group" {...rest} />
      )}
    </>
  );
}
