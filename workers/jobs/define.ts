import type { z } from "zod";
import type { Db } from "../lib/db";
import type { Services } from "../lib/services";
import type { JobKind, JobScope } from "./queue";

/** What every job's handler acts with. */
export type SystemJobContext = {
  services: Services;
  /** The control plane. */
  control: Db;
  jobId: string;
  /** 1 on the first delivery, more on retries and redeliveries. */
  attempts: number;
  /**
   * What the messages of one batch share: `once(key, load)` loads a value once per batch (a job's
   * row, its project), so a hundred messages of one job do not read it a hundred times.
   */
  batch: BatchMemo;
};

export type BatchMemo = {
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
  /**
   * Loads `item` together with the items the batch's other messages ask for under `key` in the
   * same turn of the event loop: one `loadAll` for them all (a batch's rows in one query, not a
   * query per message). Resolves to the item's value, or undefined when `loadAll` has none.
   */
  gather<K, V>(key: string, item: K, loadAll: (items: K[]) => Promise<Map<K, V>>): Promise<V | undefined>;
};

type Gathering = { items: unknown[]; loaded: Promise<Map<unknown, unknown>> };

export function batchMemo(): BatchMemo {
  const values = new Map<string, Promise<unknown>>();
  const gatherings = new Map<string, Gathering>();
  return {
    async gather<K, V>(key: string, item: K, loadAll: (items: K[]) => Promise<Map<K, V>>) {
      let g = gatherings.get(key);
      if (!g) {
        const items: unknown[] = [];
        // The messages asking in this turn join; the load starts on the next one.
        const loaded = new Promise<Map<unknown, unknown>>((resolve, reject) =>
          setTimeout(() => {
            gatherings.delete(key);
            (loadAll(items as K[]) as Promise<Map<unknown, unknown>>).then(resolve, reject);
          }, 0),
        );
        g = { items, loaded };
        gatherings.set(key, g);
      }
      g.items.push(item);
      return (await g.loaded).get(item) as V | undefined;
    },
    once<T>(key: string, load: () => Promise<T>): Promise<T> {
      let value = values.get(key) as Promise<T> | undefined;
      if (!value) {
        value = load();
        values.set(key, value);
        // A failed load is not remembered: the next message tries again.
        value.catch(() => values.delete(key));
      }
      return value;
    },
  };
}

/** What the handler of an organization's job acts with: the context plus that organization's data. */
export type OrgJobContext = SystemJobContext & {
  org: { id: string };
  /** The organization's data, wherever it lives (`services.orgDb`), as a request's `ctx.db`. */
  db: Db;
};

type ContextOf<S extends JobScope> = S extends "org" ? OrgJobContext : SystemJobContext;

/** A message as its handler sees it: the checked payload and its envelope's type and jobId. */
export type JobMessage<T extends string, P extends z.ZodRawShape> = z.infer<z.ZodObject<P>> & {
  type: T;
  jobId: string;
};

/**
 * A kind of queue job, declared by the capability that owns it (in its manifest): its type, whose
 * it is (`scope`), the zod schema of the fields it carries beside the envelope, and its handler.
 * The consumer reads the list of every capability's jobs; producers enqueue through the
 * definition, so a message is typed where it is made and checked where it is consumed. Every
 * message also carries the envelope of jobs/queue.ts (`type`, `jobId`, and `orgId` for an
 * organization's job).
 */
export type JobDefinition<
  T extends string = string,
  P extends z.ZodRawShape = z.ZodRawShape,
  S extends JobScope = JobScope,
> = JobKind<T, P, S> & {
  handle(ctx: ContextOf<S>, message: JobMessage<T, P>): Promise<void>;
  /**
   * The delay before retry number `attempts` (1 after the first failure), when the kind has a
   * schedule of its own (webhook deliveries spread theirs over a day); the consumer's otherwise.
   */
  retryDelaySeconds?(attempts: number, baseSeconds: number): number;
  /**
   * Runs when a message of this kind reaches the dead-letter queue (its retries used up), before
   * the failure is recorded: the capability marks its own record as failed for good.
   */
  dead?(ctx: ContextOf<S>, message: JobMessage<T, P>): Promise<void>;
};

/** A job acting on one organization's data: enqueued with its `orgId`, handled with its database. */
export function defineOrgJob<T extends string, P extends z.ZodRawShape>(
  definition: Omit<JobDefinition<T, P, "org">, "scope">,
): JobDefinition<T, P, "org"> {
  return { ...definition, scope: "org" };
}

/** A job of the platform's own (diagnostics, bookkeeping): control plane only. */
export function defineSystemJob<T extends string, P extends z.ZodRawShape>(
  definition: Omit<JobDefinition<T, P, "system">, "scope">,
): JobDefinition<T, P, "system"> {
  return { ...definition, scope: "system" };
}

/**
 * Thrown by a handler whose job cannot run yet (every judge permit of the organization is taken):
 * the consumer sends the message again after `delaySeconds` and acks this delivery, so waiting
 * for capacity never uses up the job's retries or counts as a failure.
 */
export class DeferJob extends Error {
  constructor(
    readonly delaySeconds: number,
    reason: string,
  ) {
    super(reason);
    this.name = "DeferJob";
  }
}
