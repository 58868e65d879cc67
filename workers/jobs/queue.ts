import { z } from "zod";

/**
 * The job queue's contract: the envelope every message carries and what producers call.
 * Foundations (env.ts, lib/services.ts) depend on it, so it imports nothing of ours; the kinds
 * of jobs (jobs/define.ts) and their handlers may then depend on the services.
 */

/**
 * Every queue message is an envelope with a `type` and a `jobId`. The `jobId` is made when the
 * job is enqueued and survives redelivery and the move to the dead-letter queue, so handlers can
 * be idempotent and failures are tracked per job.
 */
export const jobEnvelope = z.object({ type: z.string().min(1), jobId: z.string().startsWith("job_") });
export type JobEnvelope = z.infer<typeof jobEnvelope>;

/** What the queue needs of a job's definition (jobs/define.ts): its type and payload schema. */
export type JobKind<T extends string, P extends z.ZodRawShape> = { type: T; payload: z.ZodObject<P> };

export type JobQueue = {
  /** Sends one job of `job`'s kind; resolves with its jobId once the queue has accepted it. */
  enqueue<T extends string, P extends z.ZodRawShape>(
    job: JobKind<T, P>,
    payload: z.input<z.ZodObject<P>>,
    options?: { delaySeconds?: number },
  ): Promise<string>;
};

/** Producers' side of a Queue binding; `newJobId` makes each message's jobId (`job_…`). */
export function createJobQueue(queue: Queue<JobEnvelope>, newJobId: () => string): JobQueue {
  return {
    async enqueue(job, payload, options) {
      const jobId = newJobId();
      await queue.send({ ...payload, type: job.type, jobId }, { contentType: "json", ...options });
      return jobId;
    },
  };
}
