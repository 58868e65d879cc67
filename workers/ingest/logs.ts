import { sql } from "drizzle-orm";
import { EVALUATION_EVENT, evaluationFeedback, evaluationStatements } from "../assessments/otel-evaluations";
import type { NewAssessment } from "../assessments/rows";
import type { KeyContext } from "../auth/context";
import { sha256Hex } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { JsonInputError, parseJsonInput, stringifyWellFormed } from "../lib/json-input";
import {
  attachPendingJob,
  attachPendingMessages,
  SPANS_PER_JOB,
  type SpanKeys,
  stillWaiting,
} from "./attach";
import { logRecordMessages } from "./conventions/genai-events";
import type { Message } from "./conventions/messages";
import { OtlpDecodeError } from "./otlp/decode-json";
import { decodeLogsJson, decodeLogsProtobuf, type RawLogRecord } from "./otlp/decode-logs";
import { previewOf } from "./payload";
import { answerPreview } from "./previews";
import type { OtlpEncoding } from "./service";
import { keyExpired, keyStillValid } from "./store";

export type LogsResult = { dropped: number; message: string | null };

function decode(bytes: Uint8Array, encoding: OtlpEncoding): RawLogRecord[] {
  try {
    if (encoding === "protobuf") return decodeLogsProtobuf(bytes);
    return decodeLogsJson(parseJsonInput(new TextDecoder().decode(bytes)).value);
  } catch (err) {
    if (err instanceof OtlpDecodeError || err instanceof JsonInputError)
      throw new ApiError("BAD_REQUEST", `Undecodable OTLP ${encoding}: ${err.message}.`);
    throw err;
  }
}

/** The text the trace list would show of messages: the user's question, or the model's answer. */
function previewOfMessages(side: "input" | "output", messages: Message[]): string | null {
  if (side === "output") return answerPreview(messages);
  const asked = messages.filter((m) => m.role === "user");
  return asked.length > 0 ? previewOf(asked, side) : null;
}

/** One row of pending_span_messages per record side, as the statement's JSON parameter reads it. */
type Staged = [
  traceId: string,
  spanId: string,
  side: string,
  timeUs: number,
  digest: string,
  seq: number,
  messages: string,
  preview: string | null,
];

/**
 * OTLP log ingest: the GenAI events among the records (conversation messages, schema/ingest.ts)
 * are kept as their span's pending messages and merged into the span when it is stored, now or
 * when it arrives (attach.ts). Records without a span context, and every other kind of record,
 * are dropped and counted in the partial-success answer. One transaction; a revoked key stores
 * nothing.
 */
export async function ingestOtlpLogs({
  ctx,
  input: { bytes, encoding },
}: {
  ctx: KeyContext;
  input: { bytes: Uint8Array; encoding: OtlpEncoding };
}): Promise<LogsResult & { keyValid: boolean }> {
  const records = decode(bytes, encoding);
  const staged: Staged[] = [];
  let withoutContext = 0;
  let other = 0;
  const evaluations: RawLogRecord[] = [];
  let unusable = 0;
  records.forEach((record, seq) => {
    if (record.eventName === EVALUATION_EVENT) {
      evaluations.push(record);
      return;
    }
    const sides = logRecordMessages(record);
    if (sides === null) {
      other++;
      return;
    }
    if (record.traceId === null || record.spanId === null) {
      withoutContext++;
      return;
    }
    for (const { side, messages } of sides) {
      staged.push([
        record.traceId,
        record.spanId,
        side,
        record.timeUs,
        "",
        seq,
        stringifyWellFormed(messages),
        previewOfMessages(side, messages),
      ]);
    }
  });
  // Evaluators' results (gen_ai.evaluation.result) become feedback on their span.
  const feedback: NewAssessment[] = [];
  for (const record of evaluations) {
    const row = await evaluationFeedback(ctx, record);
    if (row) feedback.push(row);
    else if (record.traceId === null || record.spanId === null) withoutContext++;
    else unusable++;
  }
  const dropped = withoutContext + other + unusable;
  const message =
    dropped > 0
      ? `${dropped} log record(s) dropped: ${[
          withoutContext > 0 ? `${withoutContext} without a span context` : null,
          other > 0 ? `${other} not GenAI conversation events` : null,
          unusable > 0 ? `${unusable} evaluation results without a name, a score or an error` : null,
        ]
          .filter(Boolean)
          .join(", ")}`
      : null;
  if (keyExpired(ctx)) return { dropped, message, keyValid: false };
  const { project, db } = ctx;
  // A record's identity beside its span, side and time: what it says (a resend is the same record).
  for (const row of staged) row[4] = (await sha256Hex(row[6])).slice(0, 32);
  const json = stringifyWellFormed(staged);
  const keyOk = keyStillValid({ id: ctx.principal.keyId });
  const evaluationRows = await evaluationStatements(ctx, feedback, keyOk);
  const statements =
    staged.length === 0
      ? [...evaluationRows, sql`select ${keyOk} as key_ok`]
      : [
          ...evaluationRows,
          sql`insert into pending_span_messages (project_id, org_id, trace_id, span_id, side, time_us, digest, seq, messages, preview)
select ${project.id}, ${project.orgId}, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
from json_each(${json}) where ${keyOk} on conflict do nothing`,
          ...attachPendingMessages(
            project.id,
            sql`select distinct value ->> 0 as trace_id, value ->> 1 as span_id from json_each(${json})`,
          ),
          stillWaiting(project.id, sql`${json}`),
          sql`select ${keyOk} as key_ok`,
        ];
  const runs = statements.map((s) => db.run(s));
  const results = await db.batch(runs as [(typeof runs)[number], ...typeof runs]);
  const keyValid = Number(results.at(-1)?.rows[0]?.key_ok) === 1;
  // Records whose span has not come yet: merged by queued jobs once it has (attach.ts).
  const waiting = JSON.parse(String(results.at(-2)?.rows[0]?.waiting ?? "[]")) as SpanKeys;
  if (keyValid) {
    for (let i = 0; i < waiting.length; i += SPANS_PER_JOB) {
      await ctx.services.jobs.enqueue(
        attachPendingJob,
        { orgId: project.orgId, projectId: project.id, spans: waiting.slice(i, i + SPANS_PER_JOB) },
        { delaySeconds: ctx.services.env.PENDING_ATTACH_DELAY_SECONDS },
      );
    }
  }
  return { dropped, message, keyValid };
}
