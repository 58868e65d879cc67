/**
 * Prompt resolution at scale (issue 16): BENCH_PROMPTS (default 1,000) prompts × BENCH_PROMPT_VERSIONS
 * (default 20) chat versions of about 1 KB, each prompt with a `production` alias, seeded straight
 * into libSQL (seeding is not what is measured). Then, through the API with a `read` key, one
 * request at a time: `prompts:/name@production` for random prompts (the alias path), `@latest`,
 * a numbered version, and a revalidation answered 304 (what an SDK's refresh costs). Last, the
 * SDK's cached `prompts.get()` per call (prompts-sdk.ts).
 */
import { createClient } from "@libsql/client";
import { sdkCachedGetRows } from "./prompts-sdk.ts";
import { latencyRows, runConcurrently, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const PROMPTS = Number(process.env.BENCH_PROMPTS ?? 1_000);
const VERSIONS = Number(process.env.BENCH_PROMPT_VERSIONS ?? 20);
const REQUESTS = Number(process.env.BENCH_PROMPT_REQUESTS ?? 500);
const SUITE = "prompts";
const GOAL = "<= 20 ms p95";

const template = (p: number, v: number) => [
  {
    role: "system",
    content: `You are support agent ${p}, revision ${v}. ${"Be brief and exact. ".repeat(40)}`,
  },
  { role: "user", content: "{{ question }} (customer {{ customer.id }})" },
];

/** Seeds the prompts, their versions and aliases in a few multi-row statements per 50 prompts. */
async function seed(dbUrl: string, orgId: string, projectId: string): Promise<void> {
  const db = createClient({ url: dbUrl, intMode: "number" });
  const now = Date.now();
  for (let start = 0; start < PROMPTS; start += 50) {
    const ids = Array.from({ length: Math.min(50, PROMPTS - start) }, (_, i) => start + i);
    const prompts = ids.map((p) => [
      `pmt_bench${p}`,
      orgId,
      projectId,
      `prompt-${p}`,
      "",
      "[]",
      VERSIONS,
      "user:bench",
      "bench",
      now,
      "user:bench",
      now,
    ]);
    const versions = ids.flatMap((p) =>
      Array.from({ length: VERSIONS }, (_, i) => [
        `pmt_bench${p}`,
        i + 1,
        projectId,
        "chat",
        JSON.stringify(template(p, i + 1)),
        '["question","customer.id"]',
        "",
        "user:bench",
        "bench",
        now,
      ]),
    );
    const aliases = ids.map((p) => [
      `pmt_bench${p}`,
      "production",
      projectId,
      1 + (p % VERSIONS),
      "user:bench",
      "bench",
      now,
    ]);
    const values = (rows: unknown[][]) => rows.map((r) => `(${r.map(() => "?").join(",")})`).join(",");
    await db.batch(
      [
        {
          sql: `insert into prompts (id, org_id, project_id, name, description, tags, latest_version, created_by, created_by_label, created_at, updated_by, updated_at) values ${values(prompts)}`,
          args: prompts.flat() as (string | number)[],
        },
        ...Array.from({ length: Math.ceil(versions.length / 100) }, (_, c) => {
          const part = versions.slice(c * 100, (c + 1) * 100);
          return {
            sql: `insert into prompt_versions (prompt_id, version, project_id, kind, template, variables, message, created_by, created_by_label, created_at) values ${values(part)}`,
            args: part.flat() as (string | number)[],
          };
        }),
        {
          sql: `insert into prompt_aliases (prompt_id, alias, project_id, version, updated_by, updated_by_label, updated_at) values ${values(aliases)}`,
          args: aliases.flat() as (string | number)[],
        },
      ],
      "write",
    );
  }
  db.close();
}

export const promptsSuite: BenchSuite = {
  name: SUITE,
  description: `alias resolution over ${PROMPTS} prompts × ${VERSIONS} versions`,
  async run(): Promise<BenchRow[]> {
    const bench = await startBenchStack(SUITE);
    try {
      await seed(bench.stack.dbUrl, bench.orgId, bench.projectId);
      const key = await bench.key(["read"]);
      const resolve = async (uri: string, etag?: string) => {
        const res = await fetch(
          `${bench.stack.url}/api/v1/projects/${bench.projectId}/prompts/resolve?uri=${encodeURIComponent(uri)}`,
          { headers: { authorization: `Bearer ${key}`, ...(etag ? { "if-none-match": etag } : {}) } },
        );
        const expected = etag ? 304 : 200;
        if (res.status !== expected) throw new Error(`${uri} answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        return res.headers.get("etag") ?? "";
      };
      const pick = (i: number) => `prompt-${(i * 7919) % PROMPTS}`;
      const requests = Array.from({ length: REQUESTS }, (_, i) => i);
      // Warm the isolate and the server's connections first.
      await runConcurrently(
        requests.slice(0, 50),
        1,
        async (i) => void (await resolve(`prompts:/${pick(i)}@production`)),
      );
      const alias = await runConcurrently(
        requests,
        1,
        async (i) => void (await resolve(`prompts:/${pick(i)}@production`)),
      );
      const latest = await runConcurrently(
        requests,
        1,
        async (i) => void (await resolve(`prompts:/${pick(i)}@latest`)),
      );
      const numbered = await runConcurrently(
        requests,
        1,
        async (i) => void (await resolve(`prompts:/${pick(i)}/${1 + (i % VERSIONS)}`)),
      );
      const tags = new Map<number, string>();
      for (const i of requests.slice(0, 100)) tags.set(i, await resolve(`prompts:/${pick(i)}@production`));
      const revalidated = await runConcurrently(requests.slice(0, 100), 1, async (i) => {
        await resolve(`prompts:/${pick(i)}@production`, tags.get(i));
      });
      return [
        ...latencyRows(SUITE, "resolve prompts:/name@production", alias, GOAL),
        ...latencyRows(SUITE, "resolve prompts:/name@latest", latest),
        ...latencyRows(SUITE, "resolve prompts:/name/N", numbered),
        ...latencyRows(SUITE, "revalidate an alias (If-None-Match → 304)", revalidated),
        ...(await sdkCachedGetRows(SUITE, {
          baseUrl: bench.stack.url,
          apiKey: key,
          projectId: bench.projectId,
          names: requests.map(pick),
        })),
      ];
    } finally {
      await bench.stop();
    }
  },
};
