/**
 * The SDK's side of the prompts suite (issue 16): what `client.prompts.get()` costs an app per call
 * once the prompt is cached, for an alias within its TTL and for a numbered version (the calls an
 * app makes on every request). The prompts are those the suite seeded; the cache is filled from
 * the stack first, then calls are timed in rounds of ROUND calls and the per-call time of each
 * round is reported (median and p95 over rounds).
 */
import { SightlineClient } from "../../sdk/src/index.ts";
import { percentile, round } from "./stack-client.ts";
import type { BenchRow } from "./types.ts";

const ROUNDS = Number(process.env.BENCH_PROMPT_SDK_ROUNDS ?? 200);
const ROUND = 1_000;
const URIS = 50;

export async function sdkCachedGetRows(
  suite: string,
  options: { baseUrl: string; apiKey: string; projectId: string; names: string[] },
): Promise<BenchRow[]> {
  const client = new SightlineClient({ ...options, onError: (e) => console.error(e.message) });
  const { prompts } = client;
  const aliases = options.names.slice(0, URIS).map((name) => `prompts:/${name}@production`);
  const numbered = options.names.slice(0, URIS).map((name) => `prompts:/${name}/1`);
  for (const uri of [...aliases, ...numbered]) await prompts.get(uri);

  const perCall = async (uris: string[]) => {
    const samples: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      for (let i = 0; i < ROUND; i++) await prompts.get(uris[i % uris.length] ?? "");
      samples.push(((performance.now() - started) * 1000) / ROUND);
    }
    return samples.sort((a, b) => a - b);
  };
  await perCall(aliases); // warm the JIT
  const alias = await perCall(aliases);
  const version = await perCall(numbered);
  await client.shutdown();
  const rows = (metric: string, samples: number[], goal?: string): BenchRow[] => [
    {
      suite,
      metric: `${metric} p50`,
      value: round(percentile(samples, 50), 2),
      unit: "µs",
      ...(goal ? { goal } : {}),
    },
    { suite, metric: `${metric} p95`, value: round(percentile(samples, 95), 2), unit: "µs" },
  ];
  return [
    ...rows("SDK cached get, alias within TTL, per call", alias, "<= 5 µs median"),
    ...rows("SDK cached get, numbered version, per call", version),
  ];
}
