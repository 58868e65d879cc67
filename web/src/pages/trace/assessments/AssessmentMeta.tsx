import type { Assessment, AssessmentSource } from "../../../api/assessments";
import { formatDateTime, formatRelative } from "../../../app/format";
import { formatCost, formatInteger } from "../../../app/numbers";
import { Badge, type Tone } from "../../../ui/Badge";
import { JsonTree } from "../../../ui/JsonTree";
import { AssessmentValue } from "./AssessmentValue";
import { judgeUsage } from "./values";

export const SOURCE_LABEL: Readonly<Record<AssessmentSource, string>> = {
  HUMAN: "Human",
  LLM_JUDGE: "LLM judge",
  CODE: "Code",
};

const SOURCE_TONE: Readonly<Record<AssessmentSource, Tone>> = {
  HUMAN: "info",
  LLM_JUDGE: "accent",
  CODE: "neutral",
};

/** Where it came from (the source's id when it says more than the author), who wrote it, when, and a judge's cost. */
export function AssessmentMeta({ assessment }: { assessment: Assessment }) {
  const { source, createdBy, createdAt } = assessment;
  const usage =
    source.type === "LLM_JUDGE" || assessment.metadata.costUsd !== undefined
      ? judgeUsage(assessment.metadata)
      : null;
  const tokens =
    usage && (usage.inputTokens !== null || usage.outputTokens !== null)
      ? `${formatInteger(usage.inputTokens ?? 0)} + ${formatInteger(usage.outputTokens ?? 0)} tokens`
      : null;
  return (
    <p className="assessment__meta" data-testid="assessment-meta">
      <span
        title={source.id ? `${SOURCE_LABEL[source.type]}: ${source.id}` : undefined}
        data-testid="assessment-source"
      >
        <Badge tone={SOURCE_TONE[source.type]}>{SOURCE_LABEL[source.type]}</Badge>
      </span>
      {source.id && source.id !== createdBy.id && <span className="mono">{source.id}</span>}
      <span data-testid="assessment-author">{createdBy.label}</span>
      <time dateTime={createdAt} title={formatDateTime(createdAt)}>
        {formatRelative(createdAt)}
      </time>
      {usage && (
        <span data-testid="assessment-cost" title={usage.model ?? undefined}>
          {source.type === "LLM_JUDGE" ? "Judge" : "Scoring"} {formatCost(usage.costUsd)}
          {tokens && ` · ${tokens}`}
          {usage.model && ` · ${usage.model}`}
        </span>
      )}
    </p>
  );
}

/** An expectation's value: text, a list of lines, or a JSON tree. */
function ExpectationValue({ value }: { value: unknown }) {
  if (typeof value === "string") return <p className="assessment__text">{value}</p>;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string"))
    return (
      <ul className="assessment__lines">
        {value.map((item, index) => (
          // Items may repeat, so their place is their identity (the list is never reordered).
          <li key={index}>{item}</li>
        ))}
      </ul>
    );
  return <JsonTree value={value} openDepth={2} className="assessment__json" />;
}

/** The value, or the error given instead of one. */
export function AssessmentBody({ assessment }: { assessment: Assessment }) {
  if (assessment.error)
    return (
      <span className="assessment__error" data-testid="assessment-error">
        <Badge tone="danger">{assessment.error.code}</Badge>
        {assessment.error.message && <span>{assessment.error.message}</span>}
      </span>
    );
  if (assessment.kind === "expectation") return <ExpectationValue value={assessment.value} />;
  return <AssessmentValue value={assessment.value} />;
}
