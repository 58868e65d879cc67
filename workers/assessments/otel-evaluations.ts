import { type SQL, sql } from "drizzle-orm";
import type { ProjectContext } from "../auth/context";
import type { RawLogRecord } from "../ingest/otlp/decode-logs";
import type { AttrValue } from "../ingest/otlp/model";
import { sha256Hex } from "../lib/crypto";
import { ID_PREFIXES } from "../lib/ids";
import { idsOf, insertAssessments, type NewAssessment, newAssessment, rollupDelta } from "./rows";
import { AssessmentName } from "./schemas";
import { projectValue } from "./values";

/** The OpenTelemetry GenAI event an evaluator emits for one evaluation of a span. */
export const EVALUATION_EVENT = "gen_ai.evaluation.result";

const text = (v: AttrValue | undefined): string | null => (typeof v === "string" && v !== "" ? v : null);
const finite = (v: AttrValue | undefined): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};

/**
 * An evaluation event as feedback on its span: `gen_ai.evaluation.name` names it, the score's
 * value (`gen_ai.evaluation.score.value`) is the value, else its label
 * (`gen_ai.evaluation.score.label`), which also says pass/fail where it is yes/no or pass/fail;
 * `gen_ai.evaluation.explanation` is the rationale and `error.type` makes it an error. Its id
 * comes from what it says, so a client resending the record adds nothing twice. Null when the
 * record is not a usable evaluation (no span, no name, neither score nor label nor error).
 */
export async function evaluationFeedback(
  ctx: ProjectContext,
  record: RawLogRecord,
): Promise<NewAssessment | null> {
  if (record.eventName !== EVALUATION_EVENT || record.traceId === null || record.spanId === null) return null;
  const a = record.attributes;
  const name = text(a["gen_ai.evaluation.name"]);
  if (name === null || !AssessmentName.safeParse(name).success) return null;
  const score = finite(a["gen_ai.evaluation.score.value"]);
  const label = text(a["gen_ai.evaluation.score.label"]);
  const errorType = text(a["error.type"]);
  if (score === null && label === null && errorType === null) return null;
  const value = errorType !== null ? null : (score ?? label);
  const row = newAssessment(
    ctx,
    {
      kind: "feedback",
      name,
      traceId: record.traceId,
      spanId: record.spanId,
      value,
      error: errorType !== null ? { code: errorType.slice(0, 100), message: "" } : undefined,
      rationale: text(a["gen_ai.evaluation.explanation"])?.slice(0, 20_000),
      metadata: { ...(label !== null ? { label: label.slice(0, 2_000) } : {}), via: "otel" },
    },
    { type: "CODE", id: "otel" },
  );
  // A numeric score with a yes/no or pass/fail label passes or fails by the label.
  if (score !== null && label !== null) row.passed = projectValue(label).passed;
  const digest = await sha256Hex(
    JSON.stringify([record.traceId, record.spanId, name, record.timeUs, score, label, errorType]),
  );
  row.id = `${ID_PREFIXES.assessment}_otel${digest.slice(0, 28)}`;
  return row;
}

/**
 * The statements storing evaluation feedback from one log export, for that export's batch:
 * rows not stored before (their ids are known, so a resend is skipped), with their share of the
 * score rollups; none when `onlyIf` (the key check) is false.
 */
export async function evaluationStatements(
  ctx: ProjectContext,
  rows: NewAssessment[],
  onlyIf: SQL,
): Promise<SQL[]> {
  if (rows.length === 0) return [];
  const seen = await ctx.db.all<{ id: string }>(
    sql`select id from assessments where id in (select value from json_each(${JSON.stringify(rows.map((r) => r.id))}))`,
  );
  const stored = new Set(seen.map((r) => r.id));
  const fresh = [...new Map(rows.filter((r) => !stored.has(r.id)).map((r) => [r.id, r])).values()];
  if (fresh.length === 0) return [];
  return [insertAssessments(ctx, fresh, onlyIf), ...rollupDelta(ctx.project.id, idsOf(fresh), "+")];
}
