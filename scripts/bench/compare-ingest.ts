/**
 * `npm run bench:compare-ingest -- <git ref> [rounds]`: OTLP ingest throughput of this tree
 * against the code at <git ref>, in one run. Each side gets its own local stack (its Worker, its
 * migrations, an empty database) per encoding, and they take turns in interleaved rounds of 100
 * batches of 100 spans with 4 concurrent clients, the order flipping each round. This machine's
 * speed drifts by far more than the few per cent a change makes, so only same-round ratios mean
 * anything: the answer is this tree's spans/s over the ref's, per round and on average.
 *
 * `COMPARE_MONITOR_RATE=1` (0 … 1) turns on a monitor in this tree's project first (a rule scorer
 * at that sampling rate, the default 30 s settle), so the figure is ingest with online scoring on
 * (its settle and scoring jobs running on the same machine) against ingest before monitors.
 * `COMPARE_MONITOR_SETTLE=3600` keeps its traces waiting past the run: ingest's own share (the
 * pending rows and the queue sends) without the scoring sharing the machine's two cores.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../stack.ts";
import type { BenchStack, OtlpEncoding } from "./stack-client.ts";

const [ref, roundsArg] = process.argv.slice(2);
if (!ref) {
  console.error("Usage: npm run bench:compare-ingest -- <git ref> [rounds]  (e.g. HEAD~3)");
  process.exit(1);
}
const ROUNDS = Number(roundsArg ?? 8);
const MONITOR_RATE =
  process.env.COMPARE_MONITOR_RATE === undefined ? null : Number(process.env.COMPARE_MONITOR_RATE);
const BATCHES = 100;
const WARMUP = 20;
const CONCURRENCY = 4;

type StackClient = typeof import("./stack-client.ts");
type Side = {
  label: string;
  stack: BenchStack;
  send: (i: number) => Promise<void>;
  next: number;
  rates: number[];
};

/** A worktree of `ref` that runs: this tree's installed packages and built dashboard. */
async function checkout(gitRef: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sightline-compare-"));
  execFileSync("git", ["worktree", "add", "--detach", dir, gitRef], { cwd: ROOT, stdio: "ignore" });
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
  await cp(join(ROOT, "web", "dist"), join(dir, "web", "dist"), { recursive: true });
  return dir;
}

async function side(label: string, root: string, encoding: OtlpEncoding): Promise<Side> {
  const client = (await import(join(root, "scripts", "bench", "stack-client.ts"))) as StackClient;
  const stack = await client.startBenchStack(`compare-${encoding}`);
  const key = await stack.key(["ingest"]);
  if (MONITOR_RATE !== null && root === ROOT) await startMonitor(stack, MONITOR_RATE);
  const batches = client.agentBatches(WARMUP + ROUNDS * BATCHES, 100);
  const send = client.otlpSender(stack.stack.url, key, encoding, batches);
  for (let i = 0; i < WARMUP; i++) await send(i);
  return { label, stack, send, next: WARMUP, rates: [] };
}

/** A rule scorer on every trace this side ingests, at `rate`, through the API. */
async function startMonitor(stack: BenchStack, rate: number): Promise<void> {
  const key = await stack.key(["write"]);
  const post = async (path: string, body: object) => {
    const res = await fetch(`${stack.stack.url}/api/v1/projects/${stack.projectId}/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const scorer = await post("scorers", {
    name: "answered",
    definition: { type: "rule", rule: { kind: "not_empty" } },
  });
  const settle = process.env.COMPARE_MONITOR_SETTLE;
  await post("monitors", {
    scorerId: scorer.id,
    samplingRate: rate,
    ...(settle ? { settleSeconds: Number(settle) } : {}),
  });
  console.log(
    `  this tree: a monitor scores ${rate * 100} % of its traces${settle ? ` after ${settle} s` : ""}`,
  );
}

async function round(s: Side): Promise<void> {
  const end = s.next + BATCHES;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (s.next < end) await s.send(s.next++);
    }),
  );
  s.rates.push((BATCHES * 100) / ((performance.now() - started) / 1000));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const refRoot = await checkout(ref);
try {
  for (const encoding of ["protobuf", "json"] as const) {
    const sides = [await side(ref, refRoot, encoding), await side("this tree", ROOT, encoding)];
    try {
      for (let r = 0; r < ROUNDS; r++) for (const s of r % 2 ? [...sides].reverse() : sides) await round(s);
    } finally {
      for (const s of sides) await s.stack.stop();
    }
    const [base, ours] = sides as [Side, Side];
    const ratios = ours.rates.map((v, i) => v / (base.rates[i] ?? v));
    console.log(`OTLP ${encoding}, ${ROUNDS} rounds of ${BATCHES} × 100 spans, ${CONCURRENCY} clients:`);
    for (const s of sides)
      console.log(`  ${s.label.padEnd(10)} ${s.rates.map((v) => Math.round(v)).join(" ")} spans/s`);
    console.log(
      `  this tree / ${ref}: ${ratios.map((x) => x.toFixed(2)).join(" ")}, mean ${mean(ratios).toFixed(3)}`,
    );
  }
} finally {
  execFileSync("git", ["worktree", "remove", "--force", refRoot], { cwd: ROOT, stdio: "ignore" });
  await rm(refRoot, { recursive: true, force: true });
}
process.exit(0);
