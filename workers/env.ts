import { z } from "zod";
import type { JobEnvelope } from "./jobs/queue";
import type { JudgeGate } from "./judges/gate";
import { keyRingProblem } from "./lib/secrets";

/** Raw bindings as wrangler/workerd hands them to the Worker. */
export type Bindings = {
  LIBSQL_URL?: string;
  LIBSQL_AUTH_TOKEN?: string;
  ORG_DATA_LIBSQL_URL?: string;
  ORG_DATA_LIBSQL_AUTH_TOKEN?: string;
  SESSION_SECRET?: string;
  ENCRYPTION_KEY?: string;
  SIGHTLINE_ENV?: string;
  PUBLIC_URL?: string;
  QUEUE_RETRY_BASE_SECONDS?: string;
  PENDING_ATTACH_DELAY_SECONDS?: string;
  EVAL_JOB_GRAIN?: string;
  JOBS?: Queue<JobEnvelope>;
  JUDGE_JOBS?: Queue<JobEnvelope>;
  WEBHOOK_JOBS?: Queue<JobEnvelope>;
  JUDGE_GATE?: DurableObjectNamespace<JudgeGate>;
  /** Local development only: a fallback judge provider when the organization has none (never in production). */
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  ASSETS?: Fetcher;
};

const queueBinding = z.custom<Queue<JobEnvelope>>(
  (v) => typeof v === "object" && v !== null && typeof (v as { send?: unknown }).send === "function",
  { message: "must be a Queue producer binding (see [[queues.producers]] in wrangler.toml)" },
);

const fetcherBinding = z.custom<Fetcher>(
  (v) => typeof v === "object" && v !== null && typeof (v as { fetch?: unknown }).fetch === "function",
  { message: "must be a Fetcher binding" },
);

const libsqlUrl = z
  .string({ message: "is required: the libSQL/Turso database URL" })
  .min(1, "is required: the libSQL/Turso database URL")
  .refine((v) => /^(libsql|https?|wss?):\/\/[^\s]+$/.test(v), {
    message: "must be a libsql://, https:// or http:// URL",
  });

export const envSchema = z.object({
  LIBSQL_URL: libsqlUrl,
  LIBSQL_AUTH_TOKEN: z.string().optional(),
  /**
   * Where organizations' data lives (traces, spans, rollups, search text, data audit entries …)
   * when not beside the control plane in LIBSQL_URL: the first step of the database-per-
   * organization seam (lib/services.ts `orgDb`). The worker tests run with it set.
   */
  ORG_DATA_LIBSQL_URL: libsqlUrl.optional(),
  ORG_DATA_LIBSQL_AUTH_TOKEN: z.string().optional(),
  /** Signs dashboard session cookies; `npm start` generates one into .sightline/. */
  SESSION_SECRET: z
    .string({
      message: "is required: a random secret of at least 32 characters (wrangler secret put SESSION_SECRET)",
    })
    .min(32, "must be at least 32 characters"),
  /**
   * Seals judge providers' API keys at rest (lib/secrets.ts): `version:base64` keys of 32 bytes,
   * comma-separated, the first current. `npm start` generates one into .sightline/. Optional until
   * the first provider is stored, which then asks for it by name.
   */
  ENCRYPTION_KEY: z
    .string()
    .superRefine((v, ctx) => {
      const problem = keyRingProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  SIGHTLINE_ENV: z.enum(["development", "test", "production"]).default("production"),
  /** Where people open the dashboard; links in alerts and CLI output start here (lib/urls.ts). */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
    .transform((v) => v.replace(/\/+$/, ""))
    .default("http://localhost:8787"),
  /** First retry delay of a failed job; doubles on each attempt. */
  QUEUE_RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  /** How long conversation messages that came before their span wait before the first merge (ingest/attach.ts). */
  PENDING_ATTACH_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  /**
   * How an evaluation run's scoring is split into queue jobs: a job per record with all its scorers
   * (`row`, the default: the record is read once, its results committed together) or a job per
   * record and scorer (`unit`). `npm run bench -- evaluations` measures both.
   */
  EVAL_JOB_GRAIN: z.enum(["row", "unit"]).default("row"),
  JOBS: queueBinding,
  /** Judge calls' own queue (jobs/queue.ts QUEUE_BINDINGS). */
  JUDGE_JOBS: queueBinding,
  /** Webhook deliveries' own queue (jobs/queue.ts QUEUE_BINDINGS, workers/webhooks/delivery.ts). */
  WEBHOOK_JOBS: queueBinding,
  /** Each organization's judge concurrency and spend (judges/gate.ts); see [[durable_objects.bindings]]. */
  JUDGE_GATE: z
    .custom<DurableObjectNamespace<JudgeGate>>(
      (v) =>
        typeof v === "object" &&
        v !== null &&
        typeof (v as { idFromName?: unknown }).idFromName === "function",
      {
        message:
          "must be a Durable Object namespace binding (see [[durable_objects.bindings]] in wrangler.toml)",
      },
    )
    .optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  ASSETS: fetcherBinding.optional(),
});

export type AppEnv = z.infer<typeof envSchema>;

export type EnvResult = { ok: true; env: AppEnv } | { ok: false; message: string };

// Bindings objects are stable for an isolate's lifetime; parse each one once.
const parsed = new WeakMap<object, EnvResult>();

/** Validates the bindings; the message names the offending variables, never their values. */
export function parseEnv(bindings: Bindings): EnvResult {
  const cached = parsed.get(bindings);
  if (cached) return cached;
  const result = envSchema.safeParse(bindings);
  const out: EnvResult = result.success
    ? { ok: true, env: result.data }
    : {
        ok: false,
        message: `Sightline is misconfigured: ${result.error.issues
          .map((i) => `${i.path.join(".") || "env"} ${i.message}`)
          .join("; ")}. Set these in wrangler.toml [vars] or with \`wrangler secret put\`.`,
      };
  parsed.set(bindings, out);
  return out;
}
