import type { Services } from "../lib/services";
import { type BatchMemo, batchMemo, DeferJob, type JobDefinition, type SystemJobContext } from "./define";
import { describeError, recordJobFailure } from "./failures";
import { type JobEnvelope, jobEnvelope, type QueueName } from "./queue";

export const JOBS_QUEUE = "sightline-jobs";
export const JUDGE_JOBS_QUEUE = "sightline-judge-jobs";
export const WEBHOOK_JOBS_QUEUE = "sightline-webhook-jobs";
export const JOBS_DLQ = "sightline-jobs-dlq";

/** wrangler.toml's queue names for the producers' names of jobs/queue.ts. */
const QUEUE_NAMES: Record<string, QueueName> = {
  [JOBS_QUEUE]: "jobs",
  [JUDGE_JOBS_QUEUE]: "judges",
  [WEBHOOK_JOBS_QUEUE]: "webhooks",
};

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

/** Why a message cannot be run (retrying cannot fix it), or its definition and checked body. */
function checkMessage(
  jobs: ReadonlyMap<string, JobDefinition>,
  body: unknown,
):
  | { error: string }
  | { job: JobDefinition; orgId: string | undefined; message: Parameters<JobDefinition["handle"]>[1] } {
  const envelope = jobEnvelope.safeParse(body);
  if (!envelope.success) return { error: `invalid message envelope: ${issues(envelope.error)}` };
  const { type, jobId, orgId } = envelope.data;
  const job = jobs.get(type);
  if (!job) return { error: `invalid message body: no capability handles jobs of type "${type}"` };
  if (job.scope === "org" && orgId === undefined)
    return { error: `invalid message envelope: a "${type}" job acts on an organization and needs its orgId` };
  const payload = job.payload.safeParse(body);
  if (!payload.success) return { error: `invalid message body: ${issues(payload.error)}` };
  return { job, orgId, message: { ...payload.data, type, jobId } };
}

/** What the job's handler acts with: the control plane, and its organization's data for an organization's job. */
function jobContext(
  services: Services,
  jobId: string,
  attempts: number,
  orgId: string | undefined,
  batch: BatchMemo,
) {
  const base: SystemJobContext = { services, control: services.db, jobId, attempts, batch };
  return orgId === undefined ? base : { ...base, org: { id: orgId }, db: services.orgDb(orgId) };
}

const issues = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => `${i.path.map(String).join(".")} ${i.message}`).join("; ");

async function consumeOne(
  services: Services,
  jobs: ReadonlyMap<string, JobDefinition>,
  queue: string,
  message: Message<unknown>,
  memo: BatchMemo,
): Promise<void> {
  const checked = checkMessage(jobs, message.body);
  if ("error" in checked) {
    // Retrying cannot fix a malformed body: record it as dead straight away and drop it.
    await recordJobFailure(services, {
      ...envelopeOf(message),
      queue,
      body: message.body,
      attempts: message.attempts,
      error: checked.error,
      status: "dead",
    }).catch((err) => console.error("could not record an invalid job message", err));
    message.ack();
    return;
  }
  try {
    const ctx = jobContext(services, checked.message.jobId, message.attempts, checked.orgId, memo);
    await checked.job.handle(ctx, checked.message);
    message.ack();
  } catch (err) {
    const from = QUEUE_NAMES[queue];
    if (err instanceof DeferJob && from) {
      try {
        await services.jobs.resend(from, message.body as JobEnvelope, { delaySeconds: err.delaySeconds });
        message.ack();
        return;
      } catch (sendErr) {
        console.error("could not defer a job; retrying it instead", sendErr);
      }
    }
    const schedule = checked.job.retryDelaySeconds ?? retryDelaySeconds;
    const delaySeconds = schedule(message.attempts, services.env.QUEUE_RETRY_BASE_SECONDS);
    await recordJobFailure(services, {
      jobId: checked.message.jobId,
      type: checked.message.type,
      queue,
      body: message.body,
      attempts: message.attempts,
      error: describeError(err),
      status: "retrying",
    }).catch((recordErr) => console.error("could not record a job failure", recordErr));
    message.retry({ delaySeconds });
  }
}

/**
 * The dead-letter queue: let the job's kind mark its own record failed (its `dead`), then mark the
 * job dead where a person can see it, and ack.
 */
export async function consumeDeadLetters(
  services: Services,
  batch: MessageBatch<unknown>,
  jobs: ReadonlyMap<string, JobDefinition> = new Map(),
): Promise<void> {
  const memo = batchMemo();
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const checked = checkMessage(jobs, message.body);
        if (!("error" in checked) && checked.job.dead) {
          const { jobId } = checked.message;
          await checked.job.dead(
            jobContext(services, jobId, message.attempts, checked.orgId, memo),
            checked.message,
          );
        }
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

export type QueueConsumer = (services: Services, batch: MessageBatch<unknown>) => Promise<void>;

/** The consumer of each queue, running the given job kinds (every capability's, in index.ts). */
export function queueConsumers(jobs: readonly JobDefinition[]): Record<string, QueueConsumer> {
  const byType = new Map(jobs.map((job) => [job.type, job]));
  if (byType.size !== jobs.length) throw new Error("two capabilities declare the same job type");
  const consume: QueueConsumer = (services, batch) => {
    const memo = batchMemo();
    return Promise.all(batch.messages.map((m) => consumeOne(services, byType, batch.queue, m, memo))).then(
      () => undefined,
    );
  };
  return {
    [JOBS_QUEUE]: consume,
    [JUDGE_JOBS_QUEUE]: consume,
    [WEBHOOK_JOBS_QUEUE]: consume,
    [JOBS_DLQ]: (services, batch) => consumeDeadLetters(services, batch, byType),
  };
}
