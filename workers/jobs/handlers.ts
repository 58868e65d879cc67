import { runQueueProbe } from "../diagnostics/service";
import type { Services } from "../lib/services";
import type { JobMessage, JobType } from "./messages";

type Handler<T extends JobType> = (
  services: Services,
  message: Extract<JobMessage, { type: T }>,
) => Promise<void>;

/** One handler per job type; TypeScript insists every type has one. */
export const JOB_HANDLERS: { [T in JobType]: Handler<T> } = {
  "diagnostics.queue_probe": (services, message) => runQueueProbe({ services, probeId: message.probeId }),
};

export function runJob(services: Services, message: JobMessage): Promise<void> {
  const handler = JOB_HANDLERS[message.type] as Handler<typeof message.type>;
  return handler(services, message);
}
