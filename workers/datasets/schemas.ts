import { z } from "@hono/zod-openapi";
import { TraceIdSchema } from "../assessments/schemas";
import { ProjectParams } from "../http/params";
import { TraceFilterSchema } from "../traces/schemas";
import { RecordInput, RecordPatch, RecordTags, SOURCE_TYPES } from "./records";

export { ProjectParams, RecordInput, RecordPatch };

const Id = z.string().max(64);
export const DatasetParams = ProjectParams.extend({
  datasetId: Id.openapi({ example: "ds_01jq7m2x8v4k3d9f6h5g2c1b0a" }),
});
export const RecordParams = DatasetParams.extend({ recordId: Id });
/** A version or chunk number in a path or query: digits only (a blank is not version 0). */
const Count = z
  .string()
  .regex(/^\d{1,9}$/, "must be a whole number")
  .transform(Number);
export const VersionParams = DatasetParams.extend({ version: Count });
export const ImportParams = DatasetParams.extend({ importId: Id });
export const ChunkParams = ImportParams.extend({ seq: Count });

const Name = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200)
  .openapi({ description: "Unique in the project.", example: "support-golden-set" });
const Description = z.string().max(2_000);
const Message = z.string().max(500).openapi({ description: "What this version changes." });

export const DatasetInput = z
  .object({ name: Name, description: Description.optional(), tags: RecordTags.optional() })
  .strict()
  .openapi("DatasetInput");
export type DatasetInput = z.infer<typeof DatasetInput>;

export const DatasetPatch = z
  .object({ name: Name.optional(), description: Description.optional(), tags: RecordTags.optional() })
  .strict()
  .openapi("DatasetPatch");
export type DatasetPatch = z.infer<typeof DatasetPatch>;

export const DatasetListQuery = z.object({
  search: z.string().max(200).optional(),
  sort: z.enum(["name", "updated", "created"]).default("updated"),
  order: z.enum(["asc", "desc"]).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DatasetListQuery = z.infer<typeof DatasetListQuery>;

const ImportSummary = z.object({ id: z.string(), format: z.string(), accepted: z.number().int() });

export const DatasetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    tags: z.record(z.string(), z.string()),
    version: z.number().int().openapi({ description: "The current version; 0 before the first change." }),
    recordCount: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastUsedAt: z.string().nullable(),
    importing: ImportSummary.nullable().openapi({ description: "The import session being written, if any." }),
  })
  .openapi("Dataset");
export type DatasetView = z.infer<typeof DatasetSchema>;

export const RecordSchema = z
  .object({
    id: z.string(),
    inputs: z.record(z.string(), z.unknown()),
    expectations: z.record(z.string(), z.unknown()),
    outputs: z.unknown().nullable(),
    tags: z.record(z.string(), z.string()),
    source: z.object({ type: z.enum(SOURCE_TYPES), id: z.string().nullable() }),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .openapi("DatasetRecord");
export type RecordView = z.infer<typeof RecordSchema>;

export const RecordListQuery = z.object({
  version: Count.optional(),
  search: z.string().min(1).max(200).optional(),
  tag: z
    .union([z.string(), z.array(z.string())])
    .transform((t) => (Array.isArray(t) ? t : [t]))
    .pipe(z.array(z.string().regex(/^[^:]{1,100}:.{0,1000}$/, "must be key:value")).max(10))
    .optional(),
  source: z.enum(SOURCE_TYPES).optional(),
  cursor: z.string().max(500).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RecordListQuery = z.infer<typeof RecordListQuery>;

export const RecordPage = z
  .object({
    records: z.array(RecordSchema),
    version: z.number().int(),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
  })
  .openapi("DatasetRecordPage");

export const MergeInput = z
  .object({ records: z.array(RecordInput).min(1).max(1_000), message: Message.optional() })
  .strict()
  .openapi("DatasetMerge");
export type MergeInput = z.infer<typeof MergeInput>;

const CountsSchema = {
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
};
export const MergeResult = z
  .object({ version: z.number().int(), ...CountsSchema })
  .openapi("DatasetMergeResult");

export const DeleteInput = z
  .object({
    ids: z
      .array(Id)
      .min(1)
      .max(1_000)
      .refine((ids) => new Set(ids).size === ids.length, {
        message: "must not repeat an id",
      }),
    message: Message.optional(),
  })
  .strict()
  .openapi("DatasetRecordsDelete");
export type DeleteInput = z.infer<typeof DeleteInput>;

export const VersionSchema = z
  .object({
    version: z.number().int(),
    kind: z.enum(["merge", "edit", "delete", "import", "from_traces", "restore"]),
    message: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    inserted: z.number().int(),
    updated: z.number().int(),
    deleted: z.number().int(),
    recordCount: z.number().int(),
  })
  .openapi("DatasetVersion");
export type VersionView = z.infer<typeof VersionSchema>;

export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const DiffQuery = PageQuery.extend({
  from: Count.optional().openapi({ description: "Default: the version before `to`." }),
  to: Count.optional().openapi({ description: "Default: the current version." }),
});
export type DiffQuery = z.infer<typeof DiffQuery>;

export const DiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    counts: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() }),
    changes: z.array(
      z.object({
        change: z.enum(["added", "removed", "changed"]),
        recordId: z.string(),
        before: RecordSchema.nullable(),
        after: RecordSchema.nullable(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("DatasetDiff");
export type DiffView = z.infer<typeof DiffSchema>;

export const MessageInput = z.object({ message: Message.optional() }).strict();

export const ImportOpenInput = z
  .object({
    format: z.enum(["jsonl", "json", "csv"]),
    fileName: z.string().max(500).optional(),
    columns: z
      .array(z.string().max(500))
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: "CSV: the header row." }),
    mapping: z.record(z.string(), z.string().max(500)).optional().openapi({
      description: "CSV: a column's field path (`inputs.question`, `outputs:json` …) or `ignore`.",
    }),
  })
  .strict()
  .openapi("DatasetImportOpen");
export type ImportOpenInput = z.infer<typeof ImportOpenInput>;

export const ChunkQuery = z.object({
  firstLine: Count.pipe(z.number().min(1)).optional().default(1),
});

export const ChunkResult = z
  .object({
    seq: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    ...CountsSchema,
  })
  .openapi("DatasetImportChunkResult");
export type ChunkResultView = z.infer<typeof ChunkResult>;

export const ImportSchema = z
  .object({
    id: z.string(),
    status: z.enum(["open", "committing", "committed", "aborted"]),
    format: z.enum(["jsonl", "json", "csv", "traces"]),
    fileName: z.string(),
    chunks: z.number().int(),
    total: z.number().int().nullable().openapi({ description: "From traces: how many traces it adds." }),
    accepted: z.number().int(),
    rejected: z.number().int(),
    ...CountsSchema,
    version: z.number().int().nullable().openapi({ description: "The version it made, once committed." }),
    errors: z.array(z.object({ line: z.number().int(), reason: z.string() })),
    createdAt: z.string(),
    committedAt: z.string().nullable(),
  })
  .openapi("DatasetImport");
export type ImportView = z.infer<typeof ImportSchema>;

export const FromTracesInput = z
  .union([
    z.object({ traceIds: z.array(TraceIdSchema).min(1).max(1_000) }).strict(),
    z
      .object({
        filter: TraceFilterSchema.openapi({
          description: "The trace list's filters, as `POST traces/delete` takes them.",
        }),
        limit: z.number().int().min(1).max(10_000).default(10_000),
      })
      .strict(),
  ])
  .openapi("DatasetFromTraces");
export type FromTracesInput = z.infer<typeof FromTracesInput>;

export const ExportQuery = z.object({
  version: Count.optional(),
  format: z.enum(["jsonl", "csv"]).default("jsonl"),
});
