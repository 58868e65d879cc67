/**
 * The JSON structures of Hrana over HTTP, version 2 (`POST /v2/pipeline`), as zod schemas for what
 * the server receives and as types for what it sends. Unknown fields are ignored (stripped), as the
 * spec requires for forward compatibility.
 */
import { z } from "zod";
import { type Value, valueSchema } from "./values.ts";

const int32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
const stepIndex = z.number().int().min(0);

export type BatchCond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: BatchCond }
  | { type: "and"; conds: BatchCond[] }
  | { type: "or"; conds: BatchCond[] }
  | { type: "is_autocommit" };

const batchCondSchema: z.ZodType<BatchCond> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("ok"), step: stepIndex }),
    z.object({ type: z.literal("error"), step: stepIndex }),
    z.object({ type: z.literal("not"), cond: batchCondSchema }),
    z.object({ type: z.literal("and"), conds: z.array(batchCondSchema) }),
    z.object({ type: z.literal("or"), conds: z.array(batchCondSchema) }),
    z.object({ type: z.literal("is_autocommit") }),
  ]),
);

/** `sql` or `sql_id`: exactly one of them must be given. */
const sqlSource = {
  sql: z.string().nullish(),
  sql_id: int32.nullish(),
};

function hasOneSqlSource(value: {
  sql?: string | null | undefined;
  sql_id?: number | null | undefined;
}): boolean {
  return (
    (value.sql === undefined || value.sql === null) !== (value.sql_id === undefined || value.sql_id === null)
  );
}
const oneSqlSource = { message: "exactly one of `sql` and `sql_id` must be given" };

export const stmtSchema = z
  .object({
    ...sqlSource,
    args: z.array(valueSchema).nullish(),
    named_args: z.array(z.object({ name: z.string(), value: valueSchema })).nullish(),
    want_rows: z.boolean().nullish(),
  })
  .refine(hasOneSqlSource, oneSqlSource);

export type Stmt = z.infer<typeof stmtSchema>;

export const batchSchema = z.object({
  steps: z.array(z.object({ condition: batchCondSchema.nullish(), stmt: stmtSchema })),
});

export type Batch = z.infer<typeof batchSchema>;

const streamRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("close") }),
  z.object({ type: z.literal("execute"), stmt: stmtSchema }),
  z.object({ type: z.literal("batch"), batch: batchSchema }),
  z.object({ type: z.literal("sequence"), ...sqlSource }).refine(hasOneSqlSource, oneSqlSource),
  z.object({ type: z.literal("describe"), ...sqlSource }).refine(hasOneSqlSource, oneSqlSource),
  z.object({ type: z.literal("store_sql"), sql_id: int32, sql: z.string() }),
  z.object({ type: z.literal("close_sql"), sql_id: int32 }),
  z.object({ type: z.literal("get_autocommit") }),
]);

export type StreamRequest = z.infer<typeof streamRequestSchema>;

export const pipelineRequestSchema = z.object({
  // The client omits the baton (rather than sending null) when it opens a new stream.
  baton: z.string().nullish(),
  requests: z.array(streamRequestSchema),
});

export type PipelineRequest = z.infer<typeof pipelineRequestSchema>;

export type ProtoError = { message: string; code: string };

export type Col = { name: string | null; decltype: string | null };

export type StmtResult = {
  cols: Col[];
  rows: Value[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  rows_read: number;
  rows_written: number;
  query_duration_ms: number;
};

export type BatchResult = { step_results: (StmtResult | null)[]; step_errors: (ProtoError | null)[] };

export type DescribeResult = {
  params: { name: string | null }[];
  cols: { name: string; decltype: string | null }[];
  is_explain: boolean;
  is_readonly: boolean;
};

export type StreamResponse =
  | { type: "close" }
  | { type: "execute"; result: StmtResult }
  | { type: "batch"; result: BatchResult }
  | { type: "sequence" }
  | { type: "describe"; result: DescribeResult }
  | { type: "store_sql" }
  | { type: "close_sql" }
  | { type: "get_autocommit"; is_autocommit: boolean };

export type StreamResult = { type: "ok"; response: StreamResponse } | { type: "error"; error: ProtoError };

export type PipelineResponse = { baton: string | null; base_url: null; results: StreamResult[] };
