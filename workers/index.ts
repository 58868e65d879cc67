import { createApp } from "./app";
import { CAPABILITIES } from "./capabilities";
import { FOUNDATION_CRONS } from "./cron/jobs";
import { runScheduled } from "./cron/scheduler";
import { type Bindings, parseEnv } from "./env";
import { queueConsumers } from "./jobs/consumer";

// The Durable Object class behind the JUDGE_GATE binding (wrangler.toml): one per organization.
export { JudgeGate } from "./judges/gate";

import { createServices } from "./lib/services";

const app = createApp();
const QUEUE_CONSUMERS = queueConsumers(CAPABILITIES.flatMap((c) => c.jobs ?? []));
const CRON_JOBS = [...FOUNDATION_CRONS, ...CAPABILITIES.flatMap((c) => c.crons ?? [])];

function servicesOrThrow(bindings: Bindings) {
  const env = parseEnv(bindings);
  if (!env.ok) throw new Error(env.message);
  return createServices(env.env);
}

export default {
  // Hono reports every failure through the app's onError, environment checks included.
  fetch: (request, bindings, ctx) => app.fetch(request, bindings, ctx),

  async queue(batch, bindings, _ctx) {
    const consume = QUEUE_CONSUMERS[batch.queue];
    if (!consume) {
      // A queue wired in wrangler.toml without a consumer here: keep the messages, loudly.
      console.error(`no consumer for queue "${batch.queue}"; retrying its ${batch.messages.length} messages`);
      batch.retryAll({ delaySeconds: 60 });
      return;
    }
    await consume(servicesOrThrow(bindings), batch);
  },

  async scheduled(controller, bindings, ctx) {
    ctx.waitUntil(runScheduled(servicesOrThrow(bindings), controller.cron, CRON_JOBS));
  },
} satisfies ExportedHandler<Bindings, unknown>;
