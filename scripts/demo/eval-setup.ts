/**
 * What the demo evaluation needs in an organization and project before `sightline eval` runs,
 * made through the API as an owner would and safe to repeat: the judge provider `demo-llm`
 * pointing at the scripted LLM (its URL changes with each start, so an existing provider is moved
 * there), the two judges registered (kept when they exist, so runs stay comparable), the dataset
 * of eval-cases.ts merged in (no new version when nothing changed), and an API key for the CLI
 * (the one the last run made is revoked).
 */
import { z } from "zod";
import { SightlineClient } from "../../sdk/src/index.ts";
import { DEMO_DATASET, evalRecords } from "./eval-cases.ts";
import { DEMO_JUDGES, JUDGE_PROVIDER } from "./eval-judges.ts";

export interface EvalSetupOptions {
  url: string;
  /** An owner's (or admin's) session cookie in the organization. */
  cookie: string;
  orgId: string;
  projectId: string;
  /** The scripted LLM's base URL, for the judge provider. */
  llmUrl: string;
  /** The API key's name. */
  keyName?: string;
}

const Providers = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) });
const CreatedKey = z.object({ key: z.string().min(1) });

async function call(options: EvalSetupOptions, method: string, path: string, body?: unknown) {
  const res = await fetch(`${options.url}${path}`, {
    method,
    headers: { "content-type": "application/json", origin: options.url, cookie: options.cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as unknown;
}

/** Creates the judge provider, or points the existing one at `llmUrl`. */
async function pointJudgeProvider(options: EvalSetupOptions): Promise<void> {
  const base = `/api/v1/orgs/${options.orgId}/judge-providers`;
  const { providers } = Providers.parse(await call(options, "GET", base));
  const existing = providers.find((p) => p.name === JUDGE_PROVIDER);
  if (existing) await call(options, "PATCH", `${base}/${existing.id}`, { baseUrl: options.llmUrl });
  else
    await call(options, "POST", base, {
      name: JUDGE_PROVIDER,
      baseUrl: options.llmUrl,
      apiKey: "sk-demo-scripted-llm-0000",
    });
}

const Keys = z.object({
  apiKeys: z.array(z.object({ id: z.string(), name: z.string(), revokedAt: z.string().nullable() })),
});

/** A fresh key for this run, the earlier runs' keys of the same name revoked (they would pile up). */
async function freshKey(options: EvalSetupOptions): Promise<string> {
  const base = `/api/v1/projects/${options.projectId}/api-keys`;
  const name = options.keyName ?? "npm run demo:eval";
  const { apiKeys } = Keys.parse(await call(options, "GET", base));
  for (const old of apiKeys.filter((k) => k.name === name && k.revokedAt === null)) {
    const res = await fetch(`${options.url}${base}/${old.id}`, {
      method: "DELETE",
      headers: { origin: options.url, cookie: options.cookie },
    });
    if (!res.ok && res.status !== 404) throw new Error(`revoking key ${old.id} failed: ${res.status}`);
  }
  return CreatedKey.parse(await call(options, "POST", base, { name, scopes: ["ingest", "write"] })).key;
}

/** Prepares the project and answers an API key (ingest and write) for `sightline eval`. */
export async function prepareDemoEval(
  options: EvalSetupOptions,
): Promise<{ apiKey: string; datasetId: string }> {
  await pointJudgeProvider(options);
  const apiKey = await freshKey(options);
  const client = new SightlineClient({
    apiKey,
    baseUrl: options.url,
    projectId: options.projectId,
    requestTimeoutMs: 30_000,
    onError: () => undefined,
  });
  try {
    const registered = new Set((await client.listScorers()).map((s) => s.name));
    for (const judge of DEMO_JUDGES.filter((j) => !registered.has(j.name))) await client.createScorer(judge);
    const dataset =
      (await client.datasets.find(DEMO_DATASET)) ??
      (await client.datasets.create({
        name: DEMO_DATASET,
        description: "Support questions with the facts a correct answer states (scripts/demo/eval-cases.ts).",
      }));
    await client.datasets.merge({ datasetId: dataset.id, records: evalRecords() });
    return { apiKey, datasetId: dataset.id };
  } finally {
    await client.shutdown();
  }
}
