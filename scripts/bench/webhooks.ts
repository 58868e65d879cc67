/**
 * Webhook deliveries per second (issue 17): BENCH_WEBHOOK_EVENTS (default 1,000) test events
 * through the local stack — each a `POST …/webhooks/{id}/test` (a delivery row and a queue job),
 * consumed from `sightline-webhook-jobs` in batches, signed and POSTed to a local receiver — timed
 * from the first request to the last delivery received. Next to it, the ceiling measured in the
 * same run: the same number of Standard-Webhooks-signed POSTs from Node straight to the receiver,
 * at the same concurrency. Also the latency from the request to the delivery's arrival.
 */
import { Webhook } from "standardwebhooks";
import { startWebhookReceiver } from "../webhook-receiver.ts";
import { latencyRows, round, runConcurrently, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 8);
const SUITE = "webhooks";

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const webhooksSuite: BenchSuite = {
  name: SUITE,
  description: `${EVENTS} signed webhook deliveries through the queue, against direct POSTs`,
  async run(): Promise<BenchRow[]> {
    const receiver = await startWebhookReceiver();
    const bench = await startBenchStack(SUITE);
    try {
      const key = await bench.key(["admin"]);
      const api = `${bench.stack.url}/api/v1/projects/${bench.projectId}/webhooks`;
      const created = await fetch(api, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "bench", format: "standard", url: `${receiver.url}/hooks/bench/200` }),
      });
      if (created.status !== 201) throw new Error(`webhook not created: ${await created.text()}`);
      const { id, signingSecret } = (await created.json()) as { id: string; signingSecret: string };
      const got = () => receiver.received.get("bench") ?? [];
      const sentAt = new Map<string, number>();
      const sendTest = async () => {
        const started = Date.now();
        const res = await fetch(`${api}/${id}/test`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}` },
        });
        if (res.status !== 202) throw new Error(`test event answered ${res.status}: ${await res.text()}`);
        sentAt.set(((await res.json()) as { deliveryId: string }).deliveryId, started);
      };
      // Warm the isolate, the queue consumer and the connections first.
      await runConcurrently(
        Array.from({ length: 20 }, (_, i) => i),
        4,
        sendTest,
      );
      await waitFor(() => got().length >= 20, 60_000, "the warm-up deliveries");
      receiver.received.clear();
      sentAt.clear();

      const started = performance.now();
      await runConcurrently(
        Array.from({ length: EVENTS }, (_, i) => i),
        CONCURRENCY,
        sendTest,
      );
      const acceptedSeconds = (performance.now() - started) / 1000;
      await waitFor(() => got().length >= EVENTS, 600_000, `${EVENTS} deliveries`);
      const throughSeconds = (performance.now() - started) / 1000;
      const latencies = got()
        .map((r) => r.at - (sentAt.get(r.headers["webhook-id"] ?? "") ?? r.at))
        .sort((a, b) => a - b);

      // The ceiling: the same number of signed POSTs straight from Node to the receiver.
      const wh = new Webhook(signingSecret);
      const body = JSON.stringify({
        type: "webhook.test",
        id: "evt_bench",
        timestamp: new Date().toISOString(),
      });
      const direct = performance.now();
      await runConcurrently(
        Array.from({ length: EVENTS }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          const msgId = `msg_${i}`;
          const now = new Date();
          const res = await fetch(`${receiver.url}/hooks/direct/200`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "webhook-id": msgId,
              "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
              "webhook-signature": wh.sign(msgId, now, body),
            },
            body,
          });
          await res.arrayBuffer();
        },
      );
      const directSeconds = (performance.now() - direct) / 1000;
      const perSecond = EVENTS / throughSeconds;
      const ceiling = EVENTS / directSeconds;
      return [
        {
          suite: SUITE,
          metric: "deliveries per second (API → queue → receiver)",
          value: round(perSecond),
          unit: "/s",
        },
        {
          suite: SUITE,
          metric: "ceiling: direct signed POSTs per second",
          value: round(ceiling),
          unit: "/s",
        },
        { suite: SUITE, metric: "deliveries / ceiling", value: round(perSecond / ceiling, 3), unit: "×" },
        {
          suite: SUITE,
          metric: "test events accepted per second (API)",
          value: round(EVENTS / acceptedSeconds),
          unit: "/s",
        },
        ...latencyRows(SUITE, "request to delivery", latencies),
      ];
    } finally {
      await bench.stop();
      await receiver.close();
    }
  },
};
