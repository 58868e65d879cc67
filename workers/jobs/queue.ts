import { z } from "zod";

/**
 * The job queue's contract: the envelope every message carries and what producers call.
 * Foundations (env.ts, lib/services.ts) depend on it, so it imports nothing of ours; the kinds
 * of jobs (jobs/define.ts) and their handlers may then depend on the services.
 */

/**
 * Every queue message is an envelope with a `type` and a `jobId`, and, for a job acting on one
 * organization's data, that organization's id (`orgId`), from which the consumer resolves the
 * organization's database. The `jobId` is made when the job is enqueued and survives redelivery
 * and the move to the dead-letter queue, so handlers can be idempotent and failures are tracked
 * per job.
 */
export const jobEnvelope = z.object({
  type: z.string().min(1),
  jobId: z.string().startsWith("job_"),
  orgId: z.string().startsWith("org_").optional(),
});
export type JobEnvelope = z.infer<typeof jobEnvelope>;

/**
 * Whose job it is: one organization's (its messages carry `orgId`; its handler gets that
 * organization's database) or the platform's (control plane only).
 */
export type JobScope = "org" | "system";

/**
 * The queues jobs travel on. `jobs` carries the platform's and capabilities' work; `judges`
 * carries judge calls alone (workers/scorers/jobs.ts), so their batches can be sized for Workers'
 * six simultaneous outgoing connections per invocation and slow model calls never hold up a purge.
 * `webhooks` carries webhook deliveries (workers/webhooks/), with retries of their own spread
 * over about a day: a receiver that is down for hours must not hold up, or be held up by, the rest.
 */
export const QUEUE_BINDINGS = { jobs: "JOBS", judges: "JUDGE_JOBS", webhooks: "WEBHOOK_JOBS" } as const;
export type QueueName = keyof typeof QUEUE_BINDINGS;

/** What the queue needs of a job's definition (jobs/define.ts): its type, scope, payload schema and queue. */
export type JobKind<T extends string, P extends z.ZodRawShape, S extends JobScope = JobScope> = {
  type: T;
  scope: S;
  payload: z.ZodObject<P>;
  /** Which queue it travels on; `jobs` when not said. */
  queue?: QueueName;
};

/** What a producer passes for a job of kind `S`: the payload, plus `orgId` for an organization's job. */
export type JobInput<P extends z.ZodRawShape, S extends JobScope> = PayloadInput<P> &
  (S extends "org" ? { orgId: string } : { orgId?: never });

/** A payload's input; nothing for a job that carries no fields of its own (zod types `{}` as `Record<string, never>`). */
type PayloadInput<P extends z.ZodRawShape> = [keyof P] extends [never]
  ? Record<never, never>
  : z.input<z.ZodObject<P>>;

export type JobQueue = {
  /** Sends one job of `job`'s kind; resolves with its jobId once the queue has accepted it. */
  enqueue<T extends string, P extends z.ZodRawShape, S extends JobScope>(
    job: JobKind<T, P, S>,
    input: JobInput<P, S>,
    options?: { delaySeconds?: number },
  ): Promise<string>;
  /** Sends many jobs of one kind, 100 to a send (the queue's batch limit); resolves with their jobIds. */
  enqueueMany<T extends string, P extends z.ZodRawShape, S extends JobScope>(
    job: JobKind<T, P, S>,
    inputs: readonly JobInput<P, S>[],
    options?: { delaySeconds?: number },
  ): Promise<string[]>;
  /** Sends a message again, as it came (same jobId), to the queue it came from, after a delay. */
  resend(queue: QueueName, body: JobEnvelope, options: { delaySeconds: number }): Promise<void>;
};

/** A batch send is at most 100 messages (Cloudflare Queues' limit). */
const SEND_BATCH = 100;

/** Producers' side of the Queue bindings; `newJobId` makes each message's jobId (`job_…`). */
export function createJobQueue(
  queues: Record<QueueName, Queue<JobEnvelope>>,
  newJobId: () => string,
): JobQueue {
  return {
    async enqueue(job, input, options) {
      const jobId = newJobId();
      await queues[job.queue ?? "jobs"].send(
        { ...input, type: job.type, jobId },
        { contentType: "json", ...options },
      );
      return jobId;
    },
    async enqueueMany(job, inputs, options) {
      const messages = inputs.map((input) => ({ ...input, type: job.type, jobId: newJobId() }));
      const queue = queues[job.queue ?? "jobs"];
      for (let i = 0; i < messages.length; i += SEND_BATCH)
        await queue.sendBatch(
          messages
            .slice(i, i + SEND_BATCH)
            .map((body) => ({ body, contentType: "json" as const, ...options })),
        );
      return messages.map((m) => m.jobId);
    },
    async resend(queue, body, options) {
      await queues[queue].send(body, { contentType: "json", ...options });
    },
  };
}
