/**
 * What evaluate() runs over and with: the data (a dataset's records at a version, read through
 * the datasets API, or records given), each record's row key as the server computes it, and the
 * scorers split into registered ones (scored on the server) and local code scorers.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { shown } from "./assessments.ts";
import { isObject } from "./checks.ts";
import type { CodeScorer } from "./code-scorers.ts";
import type { Dataset } from "./dataset-types.ts";
import { findDataset, getDataset, records as readRecords } from "./datasets.ts";
import type { EvalData, EvalRecord, EvalScorer } from "./evaluation-types.ts";
import type { RunScorerRef } from "./evaluations.ts";
import { listScorers } from "./scorers.ts";

const call = "evaluate()";

/** A record ready to run: its row key (how the server and comparisons know it) and dataset record id. */
export interface PlannedRecord extends EvalRecord {
  rowKey: string;
}

export type PlannedData =
  | { kind: "dataset"; dataset: Dataset; version: number; records: PlannedRecord[] }
  | { kind: "traces"; traces: { filter: Record<string, unknown>; limit?: number }; records: [] }
  | { kind: "records"; records: PlannedRecord[] };

/**
 * The row key the server gives a record: its record id, else `h_` and the first 32 hex digits of
 * the SHA-256 of its inputs' canonical JSON (RFC 8785), as workers/evaluations/runs.ts does.
 */
export async function rowKeyOf(record: {
  inputs: Record<string, unknown>;
  recordId?: string;
}): Promise<string> {
  if (record.recordId !== undefined) return record.recordId;
  return `h_${(await canonicalSha256(record.inputs)).slice(0, 32)}`;
}

/** The SHA-256, in hex, of a value's canonical JSON (RFC 8785; `{}` for what JSON cannot write). */
export async function canonicalSha256(value: unknown): Promise<string> {
  const { default: canonicalize } = await import("canonicalize");
  const text = canonicalize(value) ?? "{}";
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function checkRecord(i: number, r: unknown): EvalRecord {
  if (!isObject(r) || !isObject(r.inputs))
    throw invalidInput(
      call,
      `data.${i} must be { inputs: {…}, expectations?, outputs?, recordId? }, got ${shown(r)}`,
    );
  if (r.expectations !== undefined && !isObject(r.expectations))
    throw invalidInput(
      call,
      `data.${i}.expectations must be an object of named values, got ${shown(r.expectations)}`,
    );
  if (
    r.recordId !== undefined &&
    (typeof r.recordId !== "string" || r.recordId === "" || r.recordId.length > 64)
  )
    throw invalidInput(
      call,
      `data.${i}.recordId must be a string of 1 to 64 characters, got ${shown(r.recordId)}`,
    );
  return r as unknown as EvalRecord;
}

/** Records given: checked, keyed, and refused when two are the same record (a run holds each once). */
async function plannedRecords(given: unknown[]): Promise<PlannedRecord[]> {
  if (given.length === 0) throw invalidInput(call, "data has no records");
  const seen = new Map<string, number>();
  const out: PlannedRecord[] = [];
  for (const [i, raw] of given.entries()) {
    const record = checkRecord(i, raw);
    const rowKey = await rowKeyOf(record);
    const before = seen.get(rowKey);
    if (before !== undefined)
      throw invalidInput(
        call,
        `data.${i} is the same record as data.${before} (same ${record.recordId === undefined ? "inputs" : "recordId"}); a run holds each record once (use repeats to score again)`,
      );
    seen.set(rowKey, i);
    out.push({ ...record, rowKey });
  }
  return out;
}

/** The dataset named `ref`, else the one whose id it is. */
async function datasetOf(api: ApiClient, ref: string): Promise<Dataset> {
  const found = await findDataset(api, ref);
  if (found) return found;
  if (/^ds_/.test(ref)) return getDataset(api, ref);
  throw invalidInput(call, `the project has no dataset named ${shown(ref)}`);
}

/** Every record of a dataset version, read a page at a time. */
async function datasetRecords(api: ApiClient, datasetId: string, version: number): Promise<PlannedRecord[]> {
  const out: PlannedRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await readRecords(api, { datasetId, version, cursor, limit: 200 });
    for (const r of page.records)
      out.push({
        inputs: r.inputs,
        expectations: r.expectations,
        ...(r.outputs === null ? {} : { outputs: r.outputs }),
        recordId: r.id,
        rowKey: r.id,
      });
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

/** The data; a dataset's records are read only when `needRecords` (predictFn runs on them). */
export async function planData(api: ApiClient, data: EvalData, needRecords: boolean): Promise<PlannedData> {
  if (Array.isArray(data)) return { kind: "records", records: await plannedRecords(data) };
  if (isObject(data) && "traces" in data) {
    const { filter, limit } = isObject(data.traces) ? data.traces : { filter: undefined, limit: undefined };
    if (!isObject(filter))
      throw invalidInput(
        call,
        `data.traces must be { filter: {…}, limit? } (the trace list's filters), got ${shown(data)}`,
      );
    if (limit !== undefined && !(Number.isInteger(limit) && Number(limit) >= 1))
      throw invalidInput(call, `data.traces.limit must be an integer ≥ 1, got ${shown(limit)}`);
    return {
      kind: "traces",
      traces: { filter, ...(limit === undefined ? {} : { limit: Number(limit) }) },
      records: [],
    };
  }
  const ref = typeof data === "string" ? { dataset: data } : data;
  if (!isObject(ref) || typeof ref.dataset !== "string" || ref.dataset === "")
    throw invalidInput(
      call,
      `data must be records, a dataset name or id, { dataset, version? } or { traces: { filter, limit? } }, got ${shown(data)}`,
    );
  if (ref.version !== undefined && !(Number.isInteger(ref.version) && ref.version >= 1))
    throw invalidInput(call, `data.version must be a version number ≥ 1, got ${shown(ref.version)}`);
  const dataset = await datasetOf(api, ref.dataset);
  const version = ref.version ?? dataset.version;
  if (version === 0) throw invalidInput(call, `the dataset "${dataset.name}" has no records yet`);
  const records = needRecords ? await datasetRecords(api, dataset.id, version) : [];
  return { kind: "dataset", dataset, version, records };
}

export const isCodeScorer = (s: unknown): s is CodeScorer =>
  isObject(s) && typeof s.name === "string" && typeof s.run === "function" && typeof s.logTo === "function";

/** The scorers split: registered ones as the run takes them (names looked up once), code scorers apart. */
export async function planScorers(
  api: ApiClient,
  scorers: EvalScorer[],
): Promise<{ server: RunScorerRef[]; code: CodeScorer[] }> {
  if (!Array.isArray(scorers) || scorers.length === 0)
    throw invalidInput(call, "scorers must list at least one scorer");
  const server: RunScorerRef[] = [];
  const code: CodeScorer[] = [];
  const names = scorers.some((s) => typeof s === "string") ? await listScorers(api) : [];
  for (const [i, given] of scorers.entries()) {
    // Plain-JS callers may pass anything: each shape is checked, not trusted.
    const s: unknown = given;
    if (isCodeScorer(s)) code.push(s);
    else if (typeof s === "string") {
      const found = names.find((n) => n.name === s);
      if (!found)
        throw invalidInput(
          call,
          `scorers.${i}: the project has no scorer named ${shown(s)} (it has ${names.map((n) => n.name).join(", ") || "none"}); register it with createScorer() (builtin() for a built-in judge)`,
        );
      server.push({ scorerId: found.id });
    } else if (isObject(s) && typeof s.scorerId === "string") server.push({ scorerId: s.scorerId });
    else if (isObject(s) && typeof s.versionId === "string") server.push({ versionId: s.versionId });
    else if (isObject(s) && typeof s.id === "string" && isObject(s.latest)) server.push({ scorerId: s.id });
    else
      throw invalidInput(
        call,
        `scorers.${i} must be a scorer's name, { scorerId }, { versionId }, a Scorer or a code scorer, got ${shown(s)}`,
      );
  }
  const codeNames = code.map((c) => c.name);
  const twice = codeNames.find((n, i) => codeNames.indexOf(n) !== i);
  if (twice !== undefined) throw invalidInput(call, `two code scorers are named ${shown(twice)}`);
  return { server, code };
}
