import type { AppEnv } from "../env";
import { createJobQueue, type JobQueue } from "../jobs/queue";
import { type Clock, systemClock } from "./clock";
import { createDb, DB_TIMEOUT_MS, type Db, type DbWait } from "./db";
import { createIdGenerator, type IdGenerator } from "./ids";

/** What domain verbs need from the outside world, built once per request / batch / cron tick. */
export type Services = {
  env: AppEnv;
  /** The control plane: users, organizations, projects, API keys, prices, the platform's bookkeeping. */
  db: Db;
  /**
   * The database holding one organization's data (traces, spans, rollups, search text, data audit
   * entries): LIBSQL_URL's database today, or ORG_DATA_LIBSQL_URL's when set. Verbs reach it as
   * `ctx.db` (auth/context.ts); jobs of an organization as their context's `db` (jobs/define.ts).
   */
  orgDb(orgId: string): Db;
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
  const wait = overrides.dbWait ?? { timeoutMs: DB_TIMEOUT_MS.write };
  const db = createDb({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN, wait });
  let orgData: Db | undefined;
  const orgDataUrl = env.ORG_DATA_LIBSQL_URL;
  return {
    env,
    db,
    orgDb: (_orgId) => {
      if (orgDataUrl === undefined) return db;
      // Made on first use: most control-plane requests never touch organization data.
      orgData ??= createDb({ url: orgDataUrl, authToken: env.ORG_DATA_LIBSQL_AUTH_TOKEN, wait });
      return orgData;
    },
    jobs: createJobQueue({ jobs: env.JOBS, judges: env.JUDGE_JOBS, webhooks: env.WEBHOOK_JOBS }, () =>
      ids("job"),
    ),
    clock,
    ids,
  };
}
