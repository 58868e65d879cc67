import type { IdGenerator } from "../lib/ids";
import type { JobMessage, NewJob } from "./messages";

export type JobQueue = {
  /** Sends one job; resolves with its jobId once the queue has accepted it. */
  enqueue(job: NewJob, options?: { delaySeconds?: number }): Promise<string>;
};

export function createJobQueue(queue: Queue<JobMessage>, ids: IdGenerator): JobQueue {
  return {
    async enqueue(job, options) {
      const jobId = ids("job");
      await queue.send({ ...job, jobId } as JobMessage, { contentType: "json", ...options });
      return jobId;
    },
  };
}
