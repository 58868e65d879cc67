import { z } from "@hono/zod-openapi";
import { ProjectParams } from "../http/params";

export { ProjectParams };

export const WebhookParams = ProjectParams.extend({
  webhookId: z.string().openapi({ example: "whk_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
});
export const DeliveryParams = WebhookParams.extend({
  deliveryId: z.string().openapi({ example: "whd_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
});

/** The events an endpoint can subscribe to (`webhook.test` goes to every endpoint that asks for it). */
export const SUBSCRIBABLE_EVENTS = ["alert.fired", "alert.resolved"] as const;
export const EVENT_TYPES = [...SUBSCRIBABLE_EVENTS, "webhook.test"] as const;
export type WebhookEventType = (typeof EVENT_TYPES)[number];

export const FORMATS = ["standard", "slack", "pagerduty"] as const;
export type WebhookFormat = (typeof FORMATS)[number];

/** PagerDuty's Events API v2 endpoint, the default for the `pagerduty` format. */
export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const Name = z.string().trim().min(1).max(100).openapi({ example: "On-call alerts" });
const Url = z.string().max(2048).openapi({ example: "https://hooks.example.com/sightline" });
const Events = z
  .array(z.enum(SUBSCRIBABLE_EVENTS))
  .min(1)
  .max(SUBSCRIBABLE_EVENTS.length)
  .openapi({ description: "Default: every alert event.", example: ["alert.fired", "alert.resolved"] });
const RoutingKey = z
  .string()
  .regex(/^[A-Za-z0-9]{20,64}$/, "must be a PagerDuty integration (routing) key: 32 letters and digits")
  .openapi({ example: "R0UT1NGK3Y0000000000000000000000" });

const common = { name: Name, events: Events.optional(), enabled: z.boolean().optional() };

export const WebhookInput = z
  .discriminatedUnion("format", [
    z
      .object({
        ...common,
        format: z.literal("standard"),
        url: Url.openapi({ description: "Where signed JSON events are POSTed." }),
      })
      .strict(),
    z
      .object({
        ...common,
        format: z.literal("slack"),
        url: Url.openapi({
          description:
            "A Slack incoming-webhook URL (itself a credential: stored sealed, never shown whole).",
          example: "https://hooks.slack.com/services/T000/B000/XXXX",
        }),
      })
      .strict(),
    z
      .object({
        ...common,
        format: z.literal("pagerduty"),
        routingKey: RoutingKey,
        url: Url.optional().openapi({
          description: `The Events API v2 URL; default ${PAGERDUTY_EVENTS_URL}.`,
        }),
      })
      .strict(),
  ])
  .openapi("WebhookInput");
export type WebhookInput = z.infer<typeof WebhookInput>;

export const WebhookPatch = z
  .object({
    name: Name.optional(),
    events: Events.optional(),
    enabled: z.boolean().optional().openapi({ description: "Enabling clears the failure count and banner." }),
    url: Url.optional(),
    routingKey: RoutingKey.optional(),
    rotateSecret: z
      .literal(true)
      .optional()
      .openapi({ description: "Standard format: a new signing secret, returned once in `signingSecret`." }),
  })
  .strict()
  .openapi("WebhookPatch");
export type WebhookPatch = z.infer<typeof WebhookPatch>;

export const WebhookSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    format: z.enum(FORMATS),
    events: z.array(z.string()),
    enabled: z.boolean(),
    targetHint: z.string().openapi({
      description:
        "The destination's host and last 4 characters; the URL, key and secret are never returned.",
      example: "hooks.example.com …line",
    }),
    consecutiveFailures: z.number().int(),
    disabledReason: z.enum(["failures"]).nullable().openapi({
      description: "`failures`: turned off by the platform after a run of failed deliveries (show a banner).",
    }),
    disabledAt: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    signingSecret: z.string().optional().openapi({
      description: "Standard format, on creation and rotation only: `whsec_…`. Shown once; store it now.",
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }),
  })
  .openapi("Webhook");
export type WebhookView = z.infer<typeof WebhookSchema>;

export const AttemptSchema = z.object({
  id: z.string(),
  run: z.number().int(),
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number().int(),
  responseExcerpt: z.string().nullable().openapi({ description: "The start of the answer, at most 1 KB." }),
  error: z.string().nullable(),
  succeeded: z.boolean(),
  at: z.string(),
});

export const DeliverySchema = z
  .object({
    id: z
      .string()
      .openapi({ description: "The `webhook-id` header: stable across retries and redeliveries." }),
    webhookId: z.string(),
    eventType: z.string(),
    eventId: z.string(),
    status: z.enum(["pending", "retrying", "succeeded", "failed"]),
    attempts: z.number().int(),
    lastHttpStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    attemptLog: z.array(AttemptSchema).openapi({ description: "Every attempt, newest first." }),
  })
  .openapi("WebhookDelivery");
export type DeliveryView = z.infer<typeof DeliverySchema>;

export const DeliveryListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(500).optional(),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;
