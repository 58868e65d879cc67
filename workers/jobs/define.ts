import type { z } from "zod";
import type { Services } from "../lib/services";

/**
 * A kind of queue job, declared by the capability that owns it (in its manifest): its type, the
 * zod schema of the fields it carries beside the envelope, and its handler. The consumer reads
 * the list of every capability's jobs; producers enqueue through the definition, so a message
 * is typed where it is made and checked where it is consumed. Every message also carries the
 * envelope of jobs/queue.ts (`type`, `jobId`).
 */
export type JobDefinition<T extends string = string, P extends z.ZodRawShape = z.ZodRawShape> = {
  type: T;
  payload: z.ZodObject<P>;
  handle(services: Services, message: z.infer<z.ZodObject<P>> & { type: T; jobId: string }): Promise<void>;
};

export function defineJob<T extends string, P extends z.ZodRawShape>(
  definition: JobDefinition<T, P>,
): JobDefinition<T, P> {
  return definition;
}
