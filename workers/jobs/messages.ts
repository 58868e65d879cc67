import { z } from "zod";

/**
 * Every queue message is an envelope with a `type` and a `jobId`. The `jobId` is created when
 * the job is enqueued and survives redelivery and the move to the dead-letter queue, so
 * consumers can be idempotent and failures can be tracked per job.
 */
const envelope = { jobId: z.string().startsWith("job_") };

export const queueProbeMessage = z.object({
  ...envelope,
  type: z.literal("diagnostics.queue_probe"),
  probeId: z.string().startsWith("qpr_"),
});

export const jobMessageSchema = z.discriminatedUnion("type", [queueProbeMessage]);

export type JobMessage = z.infer<typeof jobMessageSchema>;
export type JobType = JobMessage["type"];
/** What a producer passes: the envelope's jobId is added by `enqueueJob`. */
export type NewJob = JobMessage extends infer M ? (M extends JobMessage ? Omit<M, "jobId"> : never) : never;
