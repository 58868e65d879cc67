import { defineCapability } from "../capability";
import { deliverWebhookJob } from "./delivery";
import { webhookRoutes } from "./routes";
import { sweepUnsentJob, unsentSweep } from "./sweep";

/**
 * A project's webhooks: Standard Webhooks (signed), Slack and PagerDuty endpoints, delivered
 * through their own queue with retries over a day, every attempt logged. Other capabilities send
 * events with `enqueueWebhookEvent` (dispatch.ts).
 */
export const webhooksCapability = defineCapability({
  name: "webhooks",
  routes: [webhookRoutes],
  jobs: [deliverWebhookJob, sweepUnsentJob],
  crons: [unsentSweep],
  sweep: {
    pathParams: {
      // A webhook the sweep made in the tenant's project, and the delivery of its test event.
      webhookId: (t) => t.ids.webhookId ?? "",
      deliveryId: (t) => t.ids.deliveryId ?? "",
    },
  },
});
