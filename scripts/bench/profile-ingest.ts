/**
 * `npm run profile:ingest [json|protobuf]`: a CPU profile of the Worker while it ingests OTLP
 * exports (100 realistic spans each, 4 concurrent clients) on a fresh local stack, taken through
 * workerd's inspector. Prints the functions with the most CPU per request, by self time and
 * with their callees. For finding where ingest spends its time; `npm run bench` gives the numbers.
 */
import { freePort } from "../free-port.ts";
import { agentBatches, otlpSender, runConcurrently, startBenchStack } from "./stack-client.ts";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const encoding = process.argv[2] === "protobuf" ? "protobuf" : "json";
const WARMUP = 20;
const PROFILED = 300;

/** A minimal Chrome DevTools Protocol session over Node's WebSocket. */
async function devtools(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  return {
    send(method: string, params: object = {}): Promise<unknown> {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

/** Self and total (self + callees) time per function, in ms per request. */
function summarise(profile: Profile, requests: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampled = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop() ?? ""}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of sampled) {
    const node = byId.get(id);
    if (!node) continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    const counted = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at) as ProfileNode);
      if (counted.has(name)) continue;
      counted.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `  ${(us / 1000 / requests).toFixed(3).padStart(7)} ms  ${name}`)
      .join("\n");
  return { self: top(self, 25), total: top(total, 40) };
}

const inspectorPort = await freePort();
process.env.SIGHTLINE_INSPECTOR_PORT = String(inspectorPort);
const bench = await startBenchStack(`profile-${encoding}`);
try {
  const key = await bench.key(["ingest"]);
  const send = otlpSender(bench.stack.url, key, encoding, agentBatches(WARMUP + PROFILED));
  await runConcurrently(
    Array.from({ length: WARMUP }, (_, i) => i),
    4,
    send,
  );
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    id: string;
    webSocketDebuggerUrl: string;
  }[];
  const worker = targets.find((t) => t.id === "core:user:sightline");
  if (!worker)
    throw new Error(`no inspector target for the Worker among ${targets.map((t) => t.id).join(", ")}`);
  const cdp = await devtools(worker.webSocketDebuggerUrl);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  const started = performance.now();
  await runConcurrently(
    Array.from({ length: PROFILED }, (_, i) => WARMUP + i),
    4,
    send,
  );
  const seconds = (performance.now() - started) / 1000;
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: Profile };
  cdp.close();
  const { self, total } = summarise(profile, PROFILED);
  console.log(
    `OTLP ${encoding}: ${PROFILED} requests, ${Math.round((PROFILED * 100) / seconds)} spans/s while profiled`,
  );
  console.log(`Worker CPU per request, by self time:\n${self}`);
  console.log(`With callees:\n${total}`);
} finally {
  await bench.stop();
}
