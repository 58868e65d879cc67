import type { Services } from "../lib/services";
import { describeError, recordJobFailure } from "./failures";
import { runJob } from "./handlers";
import { jobMessageSchema } from "./messages";

export const JOBS_QUEUE = "sightline-jobs";
export const JOBS_DLQ = "sightline-jobs-dlq";

/** Delay before the next attempt: base, 2×base, 4×base … capped at 15 minutes. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(900, baseSeconds * 2 ** Math.max(0, attempts - 1));
}

function envelopeOf(message: Message<unknown>): { jobId: string; type: string } {
  const body = message.body as { jobId?: unknown; type?: unknown } | null;
  return {
    jobId: typeof body?.jobId === "string" ? body.jobId : `job_msg_${message.id}`,
    type: typeof body?.type === "string" ? body.type : "unknown",
  };
}

async function consumeOne(services: Services, queue: string, message: Message<unknown>): Promise<void> {
  const parsed = jobMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    // Retrying cannot fix a malformed body: record it as dead straight away and drop it.
    await recordJobFailure(services, {
      ...envelopeOf(message),
      queue,
      body: message.body,
      attempts: message.attempts,
      error: `invalid message body: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      status: "dead",
    }).catch((err) => console.error("could not record an invalid job message", err));
    message.ack();
    return;
  }
  try {
    await runJob(services, parsed.data);
    message.ack();
  } catch (err) {
    const delaySeconds = retryDelaySeconds(message.attempts, services.env.QUEUE_RETRY_BASE_SECONDS);
    await recordJobFailure(services, {
      jobId: parsed.data.jobId,
      type: parsed.data.type,
      queue,
      body: message.body,
      attempts: message.attempts,
      error: describeError(err),
      status: "retrying",
    }).catch((recordErr) => console.error("could not record a job failure", recordErr));
    message.retry({ delaySeconds });
  }
}

/** The job queue: run each message's handler; ack on success, retry with backoff on failure. */
export async function consumeJobs(services: Services, batch: MessageBatch<unknown>): Promise<void> {
  await Promise.all(batch.messages.map((message) => consumeOne(services, batch.queue, message)));
}

/** The dead-letter queue: mark each job dead where a person can see it, then ack. */
export async function consumeDeadLetters(services: Services, batch: MessageBatch<unknown>): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await recordJobFailure(services, {
          ...envelopeOf(message),
          queue: batch.queue,
          body: message.body,
          attempts: message.attempts,
          error: "moved to the dead-letter queue after its last retry",
          status: "dead",
        });
        message.ack();
      } catch (err) {
        console.error("could not record a dead letter", err);
        message.retry({ delaySeconds: 30 });
      }
    }),
  );
}

export const QUEUE_CONSUMERS: Record<
  string,
  (services: Services, batch: MessageBatch<unknown>) => Promise<void>
> = {
  [JOBS_QUEUE]: consumeJobs,
  [JOBS_DLQ]: consumeDeadLetters,
};
