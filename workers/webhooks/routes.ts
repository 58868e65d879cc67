import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { listDeliveries } from "./deliveries";
import { redeliver, sendTestEvent } from "./dispatch";
import {
  DeliveryListQuery,
  DeliveryParams,
  DeliverySchema,
  ProjectParams,
  WebhookInput,
  WebhookParams,
  WebhookPatch,
  WebhookSchema,
} from "./schemas";
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from "./service";

const tags = ["Webhooks"];
const base = "/api/v1/projects/{projectId}/webhooks";
const read = { level: "project", permission: "project:read" } as const;
// Webhooks send the project's data out of Sightline: owners and admins (and admin keys) only.
const manage = { level: "project", permission: "webhooks:manage" } as const;

const routes = {
  list: defineRoute(read, {
    method: "get",
    path: base,
    tags,
    summary: "List webhooks",
    description:
      "Newest first; destinations as hints only. `disabledReason: failures` is the dashboard's banner.",
    request: { params: ProjectParams },
    responses: { 200: jsonResponse("The webhooks.", z.object({ webhooks: z.array(WebhookSchema) })) },
  }),
  create: defineRoute(manage, {
    method: "post",
    path: base,
    tags,
    summary: "Create a webhook",
    description:
      "A Standard Webhooks endpoint (URL; its `whsec_` signing secret is returned this once), a Slack " +
      "incoming webhook, or a PagerDuty routing key. The URL must be public https (the SSRF guard: 422 " +
      "naming what is wrong). Audited.",
    request: { params: ProjectParams, body: jsonBody(WebhookInput) },
    responses: { 201: jsonResponse("The webhook.", WebhookSchema), ...BODY_ERRORS },
  }),
  get: defineRoute(read, {
    method: "get",
    path: `${base}/{webhookId}`,
    tags,
    summary: "Get a webhook",
    request: { params: WebhookParams },
    responses: { 200: jsonResponse("The webhook.", WebhookSchema), ...errorResponses("INVALID_INPUT") },
  }),
  update: defineRoute(manage, {
    method: "patch",
    path: `${base}/{webhookId}`,
    tags,
    summary: "Change, enable, disable or rotate a webhook",
    description:
      "Enabling clears the failure count and banner. `rotateSecret: true` returns the new signing secret " +
      "once; the old one stops signing at once. Audited.",
    request: { params: WebhookParams, body: jsonBody(WebhookPatch) },
    responses: { 200: jsonResponse("The webhook.", WebhookSchema), ...BODY_ERRORS },
  }),
  remove: defineRoute(manage, {
    method: "delete",
    path: `${base}/{webhookId}`,
    tags,
    summary: "Delete a webhook",
    description: "With its delivery log. Audited.",
    request: { params: WebhookParams },
    responses: { 204: { description: "Deleted." }, ...errorResponses("INVALID_INPUT") },
  }),
  deliveries: defineRoute(read, {
    method: "get",
    path: `${base}/{webhookId}/deliveries`,
    tags,
    summary: "List a webhook's deliveries",
    description: "Newest first, each with every attempt (status, latency, the answer's first 1 KB, error).",
    request: { params: WebhookParams, query: DeliveryListQuery },
    responses: {
      200: jsonResponse(
        "The deliveries.",
        z.object({ deliveries: z.array(DeliverySchema), nextCursor: z.string().nullable() }),
      ),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  test: defineRoute(manage, {
    method: "post",
    path: `${base}/{webhookId}/test`,
    tags,
    summary: "Send a test event",
    description: "A `webhook.test` event, queued like any other (enabled or not). Audited.",
    request: { params: WebhookParams },
    responses: {
      202: jsonResponse("Queued.", z.object({ eventId: z.string(), deliveryId: z.string() })),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  redeliver: defineRoute(manage, {
    method: "post",
    path: `${base}/{webhookId}/deliveries/{deliveryId}/redeliver`,
    tags,
    summary: "Redeliver",
    description:
      "Sends a finished delivery again with the same `webhook-id`; 409 while it is still being tried. Audited.",
    request: { params: DeliveryParams },
    responses: {
      202: jsonResponse("Queued.", z.object({ deliveryId: z.string(), run: z.number().int() })),
      ...errorResponses("INVALID_INPUT", "CONFLICT"),
    },
  }),
};

export const webhookRoutes = new OpenAPIHono<HonoEnv>();

webhookRoutes.openapi(routes.list, async (c) => c.json(await listWebhooks({ ctx: projectCtxOf(c) }), 200));
webhookRoutes.openapi(routes.create, async (c) =>
  c.json(await createWebhook({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 201),
);
webhookRoutes.openapi(routes.get, async (c) =>
  c.json(await getWebhook({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
webhookRoutes.openapi(routes.update, async (c) => {
  const input = { webhookId: c.req.valid("param").webhookId, patch: c.req.valid("json") };
  return c.json(await updateWebhook({ ctx: projectCtxOf(c), input }), 200);
});
webhookRoutes.openapi(routes.remove, async (c) => {
  await deleteWebhook({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
webhookRoutes.openapi(routes.deliveries, async (c) => {
  const input = { webhookId: c.req.valid("param").webhookId, query: c.req.valid("query") };
  return c.json(await listDeliveries({ ctx: projectCtxOf(c), input }), 200);
});
webhookRoutes.openapi(routes.test, async (c) =>
  c.json(await sendTestEvent({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 202),
);
webhookRoutes.openapi(routes.redeliver, async (c) =>
  c.json(await redeliver({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 202),
);
