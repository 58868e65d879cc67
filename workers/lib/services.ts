import type { AppEnv } from "../env";
import { createJobQueue, type JobQueue } from "../jobs/queue";
import { type Clock, systemClock } from "./clock";
import { createDb, DB_TIMEOUT_MS, type Db, type DbWait } from "./db";
import { createIdGenerator, type IdGenerator } from "./ids";

/** What domain verbs need from the outside world, built once per request / batch / cron tick. */
export type Services = {
  env: AppEnv;
  db: Db;
  jobs: JobQueue;
  clock: Clock;
  ids: IdGenerator;
};

export function createServices(
  env: AppEnv,
  overrides: Partial<Pick<Services, "clock">> & {
    /** How long the database may keep this work waiting (lib/db.ts); a write's bound per round trip by default. */
    dbWait?: DbWait;
  } = {},
): Services {
  const clock = overrides.clock ?? systemClock;
  const ids = createIdGenerator(() => clock.now());
  return {
    env,
    db: createDb({
      url: env.LIBSQL_URL,
      authToken: env.LIBSQL_AUTH_TOKEN,
      wait: overrides.dbWait ?? { timeoutMs: DB_TIMEOUT_MS.write },
    }),
    jobs: createJobQueue(env.JOBS, () => ids("job")),
    clock,
    ids,
  };
}
