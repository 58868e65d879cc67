import { and, eq, gte, lt, lte, type SQL, sql } from "drizzle-orm";
import { FACET, traceFacets, traces } from "../../schema";
import { traceText } from "../../schema/search";
import { filterValueText } from "../assessments/values";
import { promptLinkIds } from "../prompts/trace-links";
import type { TraceFilter } from "./schemas";

/** A filter answered by a lookup table, which can also drive the query (see plan.ts). */
export type Lookup =
  | { kind: "facet"; facet: string; value: string }
  | { kind: "text"; phrase: string }
  | { kind: "prompt"; name: string; version: number }
  | { kind: "feedback"; name: string; value: string | null; passed: number | null; source: string | null };

/**
 * The list filters as SQL on `traces`, each backed by an index:
 *   - time range, status, name, session, user, evaluation run, latency, tokens, cost: the `traces_project_*_idx`
 *     indexes (SQLite picks the most selective one; the others are checked on the rows it reads);
 *   - span type, model, tags, metadata: lookups in the `trace_facets` primary key
 *     (project_id, facet, value, trace_row), one index range each;
 *   - contains: a lookup in the trigram FTS5 index `trace_text`;
 *   - prompt: a range of the `trace_prompts` primary key (project_id, prompt_id, version, trace_row).
 */
export function traceConditions(projectId: string, f: TraceFilter): { columns: SQL[]; lookups: Lookup[] } {
  const columns: SQL[] = [];
  const add = (condition: SQL | undefined) => {
    if (condition) columns.push(condition);
  };
  if (f.from !== undefined) add(gte(traces.startUs, f.from * 1000));
  if (f.to !== undefined) add(lt(traces.startUs, f.to * 1000));
  if (f.status) add(eq(traces.status, f.status));
  if (f.name) add(eq(traces.name, f.name));
  if (f.sessionId) add(eq(traces.sessionId, f.sessionId));
  if (f.userId) add(eq(traces.userId, f.userId));
  if (f.runId) add(eq(traces.runId, f.runId));
  if (f.minLatencyMs !== undefined) add(gte(traces.durationMs, f.minLatencyMs));
  if (f.maxLatencyMs !== undefined) add(lte(traces.durationMs, f.maxLatencyMs));
  if (f.minTokens !== undefined) add(gte(traces.totalTokens, f.minTokens));
  if (f.maxTokens !== undefined) add(lte(traces.totalTokens, f.maxTokens));
  if (f.minCost !== undefined) add(gte(traces.costUsd, f.minCost));
  if (f.maxCost !== undefined) add(lte(traces.costUsd, f.maxCost));
  const lookups: Lookup[] = [];
  const facet = (name: string, value: string) => lookups.push({ kind: "facet", facet: name, value });
  if (f.spanType) facet(FACET.spanType, f.spanType);
  if (f.model) facet(FACET.model, f.model);
  for (const { key, value } of f.tag ?? []) facet(`${FACET.tagPrefix}${key}`, value);
  for (const { key, value } of f.metadata ?? []) facet(`${FACET.metadataPrefix}${key}`, value);
  if (f.contains !== undefined) lookups.push({ kind: "text", phrase: ftsPhrase(f.contains) });
  if (f.prompt) lookups.push({ kind: "prompt", ...f.prompt });
  const source = f.feedbackSource ?? null;
  for (const { name, value } of f.feedback ?? [])
    lookups.push({
      kind: "feedback",
      name,
      value: value === null ? null : filterValueText(value),
      passed: null,
      source,
    });
  for (const name of f.passed ?? []) lookups.push({ kind: "feedback", name, value: null, passed: 1, source });
  for (const name of f.failed ?? []) lookups.push({ kind: "feedback", name, value: null, passed: 0, source });
  return { columns: [eq(traces.projectId, projectId), ...columns], lookups };
}

/**
 * The row numbers (`traces.id`) of the traces a lookup finds in the project, as a subquery of
 * one column `id`. Text rows share their trace's number as their rowid.
 */
export function lookupIds(projectId: string, lookup: Lookup) {
  if (lookup.kind === "feedback") return feedbackIds(projectId, lookup);
  if (lookup.kind === "prompt") return promptLinkIds(projectId, lookup.name, lookup.version);
  return lookup.kind === "facet"
    ? sql`select ${traceFacets.traceRow} as id from ${traceFacets} where ${traceFacets.projectId} = ${projectId} and ${traceFacets.facet} = ${lookup.facet} and ${traceFacets.value} = ${lookup.value}`
    : sql`select rowid as id from ${traceText} where ${traceText} match ${lookup.phrase} and ${traceText.projectId} = ${projectId}`;
}

/**
 * Traces with current feedback matching, through the partial indexes of current feedback
 * (`assessments_value_idx` by name and value, `assessments_passed_idx` by name and pass/fail),
 * then each trace's row by its key.
 */
function feedbackIds(projectId: string, l: Extract<Lookup, { kind: "feedback" }>) {
  const index = sql.raw(l.passed === null ? "assessments_value_idx" : "assessments_passed_idx");
  const conditions = [
    sql`a.project_id = ${projectId} and a.name = ${l.name} and a.valid = 1 and a.kind = 'feedback'`,
    l.value === null ? undefined : sql`a.value_text = ${l.value}`,
    l.passed === null ? undefined : sql`a.passed = ${l.passed}`,
    l.source === null ? undefined : sql`a.source_type = ${l.source}`,
  ].filter((c) => c !== undefined);
  return sql`select distinct t.id as id from assessments a indexed by ${index}
    cross join ${traces} t on t.project_id = a.project_id and t.trace_id = a.trace_id
    where ${sql.join(conditions, sql` and `)}`;
}

export const inLookup = (projectId: string, lookup: Lookup): SQL =>
  sql`${traces.id} in (${lookupIds(projectId, lookup)})`;

/**
 * Every filter as one condition on `traces` (lookups as `id IN (…)`). References to
 * `traces` are by column, so it also works in `delete … where trace_id in (select … where …)`.
 */
export function traceFilterSql(projectId: string, f: TraceFilter): SQL {
  const { columns, lookups } = traceConditions(projectId, f);
  return and(...columns, ...lookups.map((l) => inLookup(projectId, l))) ?? sql`1 = 0`;
}

/**
 * The user's text as one FTS5 string literal (a phrase): quotes doubled, so no FTS syntax
 * (AND, NEAR, *, column filters) can be injected. With the trigram tokenizer a phrase matches
 * as a case-insensitive substring.
 */
export function ftsPhrase(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
