import { type SQL, sql } from "drizzle-orm";
import { stringifyWellFormed } from "../lib/json-input";
import { parsePromptUri } from "./uri";

/**
 * Links from traces to the prompt versions they used (`trace_prompts`). A span names them in
 * `sightline.prompt` (a prompt URI, or a JSON list of URIs) or in MLflow's `mlflow.linkedPrompts`
 * (a JSON list of `{ name, version }`). Ingest links them in its batch (see linkStatements);
 * the trace list's `prompt` filter, a version's traces and a trace's detail read them here.
 */
export const PROMPT_ATTRIBUTE = "sightline.prompt";
export const MLFLOW_LINKED_PROMPTS = "mlflow.linkedPrompts";

/**
 * One reference read from a span: [name, version, alias, as written]. A reference that does
 * not parse keeps the name "" (no prompt has it), so it is counted as not linked.
 */
export type PromptRef = [name: string, version: number | null, alias: string | null, text: string];

const MAX_REFS_PER_SPAN = 20;

function jsonList(value: string): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function fromUri(text: string): PromptRef {
  const uri = parsePromptUri(text);
  if (!uri) return ["", null, null, text.slice(0, 200)];
  return "version" in uri ? [uri.name, uri.version, null, text] : [uri.name, null, uri.alias, text];
}

function fromMlflow(item: unknown): PromptRef {
  const o = typeof item === "object" && item !== null ? (item as Record<string, unknown>) : {};
  const name = typeof o.name === "string" ? o.name : "";
  const version =
    typeof o.version === "number" ? String(o.version) : typeof o.version === "string" ? o.version : "";
  return fromUri(`prompts:/${name}/${version}`);
}

/** The prompt references of a span's attributes, or null when it has none (almost every span). */
export function promptRefsOf(attributes: Record<string, unknown>): PromptRef[] | null {
  const own = attributes[PROMPT_ATTRIBUTE];
  const mlflow = attributes[MLFLOW_LINKED_PROMPTS];
  if (own === undefined && mlflow === undefined) return null;
  const refs: PromptRef[] = [];
  if (typeof own === "string") {
    const list = own.trimStart().startsWith("[") ? jsonList(own) : [own];
    for (const item of list ?? [own])
      refs.push(fromUri(typeof item === "string" ? item : JSON.stringify(item)));
  } else if (Array.isArray(own)) {
    for (const item of own) refs.push(fromUri(String(item)));
  }
  if (typeof mlflow === "string") for (const item of jsonList(mlflow) ?? [null]) refs.push(fromMlflow(item));
  return refs.slice(0, MAX_REFS_PER_SPAN);
}

/**
 * The version a reference (`r`, a row of json_each over [traceId, name, version, alias, text])
 * names in the project's prompt `p`: the number given, the newest for `latest`, else the
 * alias' version as the span arrives (a later move does not change the link).
 */
const refVersion = sql.raw(`coalesce(r.value ->> 2,
  case when r.value ->> 3 = 'latest' then p.latest_version end,
  (select a.version from prompt_aliases a where a.prompt_id = p.id and a.alias = r.value ->> 3))`);

/**
 * The statements linking an ingest batch's traces to the prompt versions their spans name, for
 * the traces this batch added spans to (`temp.sl_new`, empty when the key was revoked), only to
 * versions of the batch's own project. Run after the traces upsert (links point at trace rows).
 */
export function linkStatements(
  projectId: string,
  refs: [traceId: string, ...PromptRef][],
  now: number,
): SQL[] {
  const json = stringifyWellFormed(refs);
  return [
    sql`insert or ignore into trace_prompts (project_id, prompt_id, version, trace_row)
select ${projectId}, p.id, v.version, t.id from json_each(${json}) r
cross join prompts p on p.project_id = ${projectId} and p.name = r.value ->> 1
cross join prompt_versions v on v.prompt_id = p.id and v.version = ${refVersion}
cross join traces t on t.project_id = ${projectId} and t.trace_id = r.value ->> 0
where r.value ->> 0 in (select trace_id from temp.sl_new)`,
    sql`update prompts set last_used_at = ${now} where project_id = ${projectId} and id in (
select p.id from json_each(${json}) r cross join prompts p on p.project_id = ${projectId} and p.name = r.value ->> 1
where r.value ->> 0 in (select trace_id from temp.sl_new))`,
  ];
}

/** The references of `refs` that name no version of the project, as written (one row, `unlinked`: JSON). */
export function unlinkedStatement(projectId: string, refs: [traceId: string, ...PromptRef][]): SQL {
  return sql`select json_group_array(r.value ->> 4) as unlinked from json_each(${stringifyWellFormed(refs)}) r
where not exists (select 1 from prompts p cross join prompt_versions v on v.prompt_id = p.id and v.version = ${refVersion}
  where p.project_id = ${projectId} and p.name = r.value ->> 1)`;
}

/** The row numbers (`traces.id`) of the traces linked to a prompt version, as a subquery of one column `id`. */
export function promptLinkIds(projectId: string, name: string, version: number): SQL {
  return sql`select tp.trace_row as id from trace_prompts tp
where tp.project_id = ${projectId} and tp.version = ${version}
  and tp.prompt_id = (select id from prompts where project_id = ${projectId} and name = ${name})`;
}

/** The prompt versions a trace (by its id) is linked to: rows of `name`, `version`. */
export function linkedPromptsQuery(projectId: string, traceId: string): SQL {
  return sql`select p.name as name, tp.version as version from traces t
cross join trace_prompts tp indexed by trace_prompts_row_idx on tp.trace_row = t.id and tp.project_id = ${projectId}
cross join prompts p on p.id = tp.prompt_id
where t.project_id = ${projectId} and t.trace_id = ${traceId} order by p.name, tp.version`;
}

export function linkedPromptsView(rows: readonly Record<string, unknown>[]) {
  return rows.map((r) => {
    const name = String(r.name);
    const version = Number(r.version);
    return { name, version, uri: `prompts:/${name}/${version}` };
  });
}
