import type { EvaluationRun } from "../../api/evaluations";

/**
 * What tells runs of the same evaluation apart: their params (model, prompt, app version, any
 * key/value the SDK or the form sent) and their tags, flattened to `key: text` so two runs can be
 * compared key by key.
 */
export interface RunParam {
  /** A nested param's path joined with dots: `prompt.version`. */
  key: string;
  text: string;
  /** A tag (`tags`), not a param. */
  tag: boolean;
}

/** How a param and another run's value of it differ; null where a run lacks the key. */
export interface ParamChange {
  key: string;
  tag: boolean;
  before: string | null;
  after: string | null;
}

/** Nested objects are read this deep; deeper ones are shown as JSON. */
const DEPTH = 3;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function flatten(value: unknown, key: string, depth: number, into: [string, string][]) {
  if (isObject(value) && depth < DEPTH && Object.keys(value).length > 0) {
    for (const [child, inner] of Object.entries(value)) flatten(inner, `${key}.${child}`, depth + 1, into);
    return;
  }
  into.push([key, typeof value === "string" ? value : (JSON.stringify(value) ?? String(value))]);
}

/** The run's params then its tags, each in the order the run gave them. */
export function runParams(run: Pick<EvaluationRun, "params" | "tags">): RunParam[] {
  const params: [string, string][] = [];
  for (const [key, value] of Object.entries(run.params)) flatten(value, key, 1, params);
  return [
    ...params.map(([key, text]) => ({ key, text, tag: false })),
    ...Object.entries(run.tags).map(([key, text]) => ({ key, text, tag: true })),
  ];
}

/** One identity for a param or a tag of the same name. */
export const paramId = (param: Pick<RunParam, "key" | "tag">) =>
  `${param.tag ? "tag" : "param"}:${param.key}`;

/** The params and tags whose values are not the same in every run (a key some run lacks counts). */
export function differingParams(runs: readonly (readonly RunParam[])[]): Set<string> {
  const values = new Map<string, (string | null)[]>();
  runs.forEach((params, index) => {
    for (const param of params) {
      const id = paramId(param);
      const seen = values.get(id) ?? runs.map(() => null);
      seen[index] = param.text;
      values.set(id, seen);
    }
  });
  return new Set([...values].filter(([, seen]) => new Set(seen).size > 1).map(([id]) => id));
}

/** What changed from one run to another, in the order the first run lists its params, then the second's new ones. */
export function paramChanges(before: readonly RunParam[], after: readonly RunParam[]): ParamChange[] {
  const afterById = new Map(after.map((param) => [paramId(param), param]));
  const beforeIds = new Set(before.map(paramId));
  const changes: ParamChange[] = before
    .map((param) => ({ ...param, after: afterById.get(paramId(param))?.text ?? null }))
    .filter((param) => param.text !== param.after)
    .map(({ key, tag, text, after: next }) => ({ key, tag, before: text, after: next }));
  for (const param of after)
    if (!beforeIds.has(paramId(param)))
      changes.push({ key: param.key, tag: param.tag, before: null, after: param.text });
  return changes;
}

/**
 * A run's id short enough to read: its type and last eight characters (`run_…e9smqt0t`). Ids are
 * ULIDs whose first characters are the time, so runs started minutes apart share their beginning.
 */
export function shortRunId(id: string): string {
  const cut = id.indexOf("_");
  const body = cut < 0 ? id : id.slice(cut + 1);
  return body.length <= 10 ? id : `${cut < 0 ? "" : id.slice(0, cut + 1)}…${body.slice(-8)}`;
}

/**
 * What else differs between two runs beyond their params: the data they scored (another dataset
 * version is the usual "what changed"), the scorers' pinned versions, and the repeats.
 */
export function setupChanges(
  before: Pick<EvaluationRun, "source" | "dataset" | "scorers" | "codeScorers" | "repeats">,
  after: Pick<EvaluationRun, "source" | "dataset" | "scorers" | "codeScorers" | "repeats">,
): ParamChange[] {
  const changes: ParamChange[] = [];
  const change = (key: string, was: string | null, now: string | null) => {
    if (was !== now) changes.push({ key, tag: false, before: was, after: now });
  };
  if (before.dataset && after.dataset && before.dataset.id === after.dataset.id)
    change("dataset version", String(before.dataset.version), String(after.dataset.version));
  else
    change(
      "data",
      before.dataset ? `dataset ${before.dataset.id}` : before.source,
      after.dataset ? `dataset ${after.dataset.id}` : after.source,
    );
  const versions = (run: typeof before) =>
    new Map<string, string>([
      ...run.scorers.map((s): [string, string] => [s.name, `version …${s.versionId.slice(-6)}`]),
      ...run.codeScorers.map((name): [string, string] => [name, "code"]),
    ]);
  const was = versions(before);
  const now = versions(after);
  for (const name of new Set([...was.keys(), ...now.keys()]))
    change(`scorer ${name}`, was.get(name) ?? null, now.get(name) ?? null);
  change("repeats", String(before.repeats), String(after.repeats));
  return changes;
}
