import canonicalize from "canonicalize";
import { z } from "zod";
import { expectationProblem } from "../assessments/values";
import { sha256Hex } from "../lib/crypto";
import { nestsDeeperThan, stringifyWellFormed } from "../lib/json-input";

/**
 * A dataset record's fields as the API takes them, checked the same way wherever they come from
 * (a merge, an edit, an import row, a trace): inputs an object, expectations an object whose
 * reserved names have their shape, outputs any JSON, tags strings.
 */
export const INPUTS_CHARS = 100_000;
export const OUTPUTS_CHARS = 200_000;

export const SOURCE_TYPES = ["trace", "human", "document", "code"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export type RecordSource = { type: SourceType; id: string | null };

const JsonObject = z.record(z.string(), z.unknown());
export const RecordTags = z
  .record(z.string().min(1).max(100), z.string().max(1_000))
  .refine((t) => Object.keys(t).length <= 50, { message: "must have at most 50 tags" });

/** What a record's fields must satisfy beyond their type; the message names the field. */
function problemsOf(fields: {
  inputs?: Record<string, unknown>;
  expectations?: Record<string, unknown>;
  outputs?: unknown;
}): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  if (fields.inputs !== undefined) {
    if (Object.keys(fields.inputs).length === 0)
      problems.push({ path: ["inputs"], message: "must have at least one key" });
    if (stringifyWellFormed(fields.inputs).length > INPUTS_CHARS || nestsDeeperThan(fields.inputs, 50))
      problems.push({
        path: ["inputs"],
        message: `must be at most ${INPUTS_CHARS} characters of JSON, 50 levels deep`,
      });
  }
  for (const [name, value] of Object.entries(fields.expectations ?? {})) {
    const problem = expectationProblem(name, value);
    if (problem) problems.push({ path: ["expectations", name], message: problem });
  }
  if (
    fields.outputs !== undefined &&
    fields.outputs !== null &&
    (stringifyWellFormed(fields.outputs).length > OUTPUTS_CHARS || nestsDeeperThan(fields.outputs, 50))
  )
    problems.push({
      path: ["outputs"],
      message: `must be at most ${OUTPUTS_CHARS} characters of JSON, 50 levels deep`,
    });
  return problems;
}

const withProblems = <T extends z.ZodType>(schema: T) =>
  schema.superRefine((value, ctx) => {
    for (const p of problemsOf(value as Parameters<typeof problemsOf>[0]))
      ctx.addIssue({ code: "custom", ...p });
  });

export const RecordSourceInput = z
  .object({ type: z.enum(SOURCE_TYPES), id: z.string().min(1).max(500).nullable().optional() })
  .strict();

export const RecordInput = withProblems(
  z
    .object({
      inputs: JsonObject,
      expectations: JsonObject.optional(),
      outputs: z.unknown().optional(),
      tags: RecordTags.optional(),
      source: RecordSourceInput.optional(),
      /** An export's record id: accepted so an export imports as it is, and ignored (merges match on inputs). */
      id: z.string().max(64).optional(),
    })
    .strict(),
);
export type RecordInput = z.infer<typeof RecordInput>;

export const RecordPatch = withProblems(
  z
    .object({
      inputs: JsonObject.optional(),
      expectations: JsonObject.optional(),
      outputs: z.unknown().optional(),
      tags: RecordTags.optional(),
      message: z.string().max(500).optional(),
    })
    .strict()
    .refine((p) => Object.keys(p).some((k) => k !== "message"), {
      message: "give at least one of inputs, expectations, outputs, tags",
    }),
);
export type RecordPatch = z.infer<typeof RecordPatch>;

/** The hash merges match on: SHA-256 of the inputs' RFC 8785 canonical JSON. */
export async function inputsHash(inputs: Record<string, unknown>): Promise<string> {
  return sha256Hex(canonicalize(inputs) ?? "{}");
}

/** A record's state as stored (JSON columns as text). */
export type StoredState = {
  recordId: string;
  fromVersion: number;
  inputsHash: string;
  inputs: string;
  expectations: string;
  outputs: string | null;
  tags: string;
  sourceType: string;
  sourceId: string | null;
  createdBy: string;
  createdAt: number;
};

/** A record to merge, checked, with its hash. */
export type Draft = {
  inputs: Record<string, unknown>;
  expectations: Record<string, unknown>;
  /** Undefined: keep the matched record's outputs. */
  outputs: unknown;
  tags: Record<string, string>;
  source: RecordSource;
  hash: string;
};

export async function draftOf(input: RecordInput, source: RecordSource): Promise<Draft> {
  return {
    inputs: input.inputs,
    expectations: input.expectations ?? {},
    outputs: input.outputs,
    tags: input.tags ?? {},
    source: input.source ? { type: input.source.type, id: input.source.id ?? null } : source,
    hash: await inputsHash(input.inputs),
  };
}

/** The JSON columns a draft merged into `old` (or alone) stores; `same` when nothing changed. */
export function mergedColumns(
  draft: Draft,
  old: StoredState | undefined,
): { expectations: string; outputs: string | null; tags: string; same: boolean } {
  if (!old)
    return {
      expectations: stringifyWellFormed(draft.expectations),
      outputs:
        draft.outputs === undefined || draft.outputs === null ? null : stringifyWellFormed(draft.outputs),
      tags: stringifyWellFormed(draft.tags),
      same: false,
    };
  const expectations = stringifyWellFormed({
    ...(JSON.parse(old.expectations) as object),
    ...draft.expectations,
  });
  const tags = stringifyWellFormed({ ...(JSON.parse(old.tags) as object), ...draft.tags });
  const outputs =
    draft.outputs === undefined
      ? old.outputs
      : draft.outputs === null
        ? null
        : stringifyWellFormed(draft.outputs);
  return {
    expectations,
    outputs,
    tags,
    same: expectations === old.expectations && tags === old.tags && outputs === old.outputs,
  };
}
