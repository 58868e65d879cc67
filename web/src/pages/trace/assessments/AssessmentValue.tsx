import { Badge } from "../../../ui/Badge";
import { IconThumbDown, IconThumbUp } from "../../../ui/icons";
import { lookOf } from "./values";

/**
 * A feedback value: a thumb for a boolean, a pass/fail badge for a yes/no word, the number, the
 * label, or compact JSON (a judge's several fields).
 */
export function AssessmentValue({ value }: { value: unknown }) {
  const look = lookOf(value);
  switch (look.kind) {
    case "none":
      return <span className="muted">—</span>;
    case "thumbs":
      return (
        <span
          className={`assessment-value assessment-value--${look.up ? "up" : "down"}`}
          data-testid="assessment-value"
          data-value={String(look.up)}
        >
          {look.up ? <IconThumbUp size={15} /> : <IconThumbDown size={15} />}
          {look.up ? "Thumbs up" : "Thumbs down"}
        </span>
      );
    case "verdict":
      return (
        <span data-testid="assessment-value" data-value={look.text}>
          <Badge tone={look.passed ? "success" : "danger"} dot>
            {look.text}
          </Badge>
        </span>
      );
    case "number":
      return (
        <span className="assessment-value num" data-testid="assessment-value" data-value={look.text}>
          {look.text}
        </span>
      );
    case "label":
      return (
        <span
          className="assessment-value assessment-value--label"
          data-testid="assessment-value"
          title={look.text}
        >
          {look.text}
        </span>
      );
    case "json":
      return (
        <code
          className="assessment-value assessment-value--json"
          data-testid="assessment-value"
          title={look.text}
        >
          {look.text}
        </code>
      );
  }
}

/** A current feedback in a list cell: ✓/✗ where it passed or failed, else the number or label. */
export function FeedbackMark({ value, passed }: { value: unknown; passed: boolean | null }) {
  const look = lookOf(value);
  const title =
    look.kind === "none" ? undefined : "text" in look ? look.text : look.up ? "Thumbs up" : "Thumbs down";
  if (passed !== null)
    return (
      <span
        className={`feedback-mark feedback-mark--${passed ? "pass" : "fail"}`}
        title={title}
        data-testid="feedback-mark"
        data-passed={String(passed)}
      >
        <span aria-hidden="true">{passed ? "✓" : "✗"}</span>
        <span className="visually-hidden">{passed ? "passed" : "failed"}</span>
      </span>
    );
  if (look.kind === "none") return <span className="muted">—</span>;
  if (look.kind === "thumbs") return <AssessmentValue value={value} />;
  return (
    <span
      className={look.kind === "number" ? "num" : "feedback-mark__text"}
      title={title}
      data-testid="feedback-mark"
    >
      {look.text}
    </span>
  );
}
