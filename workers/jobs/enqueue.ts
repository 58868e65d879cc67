import type { z } from "zod";
import type { IdGenerator } from "../lib/ids";
import type { JobDefinition, JobEnvelope } from "./define";

export type JobQueue = {
  /** Sends one job of `job`'s kind; resolves with its jobId once the queue has accepted it. */
  enqueue<T extends string, P extends z.ZodRawShape>(
    job: JobDefinition<T, P>,
    payload: z.input<z.ZodObject<P>>,
    options?: { delaySeconds?: number },
  ): Promise<string>;
};

export function createJobQueue(queue: Queue<JobEnvelope>, ids: IdGenerator): JobQueue {
  return {
    async enqueue(job, payload, options) {
      const jobId = ids("job");
      await queue.send({ ...payload, type: job.type, jobId }, { contentType: "json", ...options });
      return jobId;
    },
  };
}
