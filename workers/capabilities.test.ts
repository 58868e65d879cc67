import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, gte } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cronRuns } from "../schema";
import wranglerToml from "../wrangler.toml?raw";
import { createApp } from "./app";
import { CAPABILITIES } from "./capabilities";
import { defineCapability } from "./capability";
import type { CronJob } from "./cron/define";
import { FOUNDATION_CRONS } from "./cron/jobs";
import { cronSchedule, runScheduled } from "./cron/scheduler";
import { projectCtxOf } from "./http/context";
import type { HonoEnv } from "./http/hono-env";
import { jsonResponse } from "./http/openapi";
import { defineRoute } from "./http/route";
import { JOBS_QUEUE, queueConsumers } from "./jobs/consumer";
import { defineSystemJob } from "./jobs/define";
import { ApiError } from "./lib/errors";
import { asUser, signUp } from "./test/accounts";
import { BASE, env, type Sender } from "./test/helpers";
import {
  documentedOperations,
  fill,
  makeTenant,
  type OpenApiDocument,
  pathFixturesOf,
  sweepRoutes,
  sweepTargetOf,
} from "./test/security";
import { testServices } from "./test/services";

/**
 * A capability made up for the test: one project route with its own path parameter, one job,
 * and two cron jobs (one on the five-minute trigger, one on a schedule that never fires).
 */
function widgetCapability(options: { withFixture: boolean; handled: string[]; leaky?: boolean }) {
  const getWidget = defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: "/api/v1/projects/{projectId}/widgets/{widgetId}",
      summary: "A widget",
      request: { params: z.object({ projectId: z.string(), widgetId: z.string() }) },
      responses: { 200: jsonResponse("The widget.", z.object({ id: z.string(), projectId: z.string() })) },
    },
  );
  // Each project has one widget, `wdg_<projectId>`; a leaky route skips that check.
  const routes = new OpenAPIHono<HonoEnv>().openapi(getWidget, (c) => {
    const { widgetId } = c.req.valid("param");
    const { project } = projectCtxOf(c);
    if (!options.leaky && widgetId !== `wdg_${project.id}`) throw ApiError.notFound("Widget");
    return c.json({ id: widgetId, projectId: project.id }, 200);
  });
  const polishWidget = defineSystemJob({
    type: "widgets.polish",
    payload: z.object({ widgetId: z.string() }),
    async handle(_services, message) {
      options.handled.push(message.widgetId);
    },
  });
  const crons: CronJob[] = [
    {
      name: "widgets.sweep",
      schedule: "*/5 * * * *",
      async run({ clock }) {
        options.handled.push(`swept at ${clock.now()}`);
      },
    },
    {
      name: "widgets.yearly",
      schedule: "0 0 1 1 *",
      async run() {
        options.handled.push("yearly");
      },
    },
  ];
  return defineCapability({
    name: "widgets",
    routes: [routes],
    jobs: [polishWidget],
    crons,
    ...(options.withFixture ? { sweep: { pathParams: { widgetId: (t) => `wdg_${t.projectId}` } } } : {}),
  });
}

describe("a capability in the list", () => {
  it("gets its routes mounted and documented, behind their access rule", async () => {
    const app = createApp([...CAPABILITIES, widgetCapability({ withFixture: true, handled: [] })]);
    const owner = await signUp();
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`http://x/api/v1/projects/${owner.projectId}/widgets/wdg_${owner.projectId}`, {
        headers: { cookie: owner.cookie },
      }),
      env,
      ctx,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: `wdg_${owner.projectId}`, projectId: owner.projectId });
    const anonymous = await app.fetch(
      new Request(`http://x/api/v1/projects/${owner.projectId}/widgets/wdg_${owner.projectId}`),
      env,
      ctx,
    );
    expect(anonymous.status).toBe(401);
    const doc = (await (
      await app.fetch(new Request("http://x/api/openapi.json"), env, ctx)
    ).json()) as OpenApiDocument;
    expect(doc.paths["/api/v1/projects/{projectId}/widgets/{widgetId}"]?.get?.["x-sightline-access"]).toEqual(
      {
        level: "project",
        permission: "traces:read",
      },
    );
    // Without it in the list, the route does not exist.
    const without = await createApp(CAPABILITIES).fetch(
      new Request(`http://x/api/v1/projects/${owner.projectId}/widgets/wdg_1`, {
        headers: { cookie: owner.cookie },
      }),
      env,
      ctx,
    );
    expect(without.status).toBe(404);
    expect(await asUser(owner.cookie, "/api/v1/whoami")).toHaveProperty("status", 200);
  });

  it("gets its jobs consumed by the queue consumer", async () => {
    const handled: string[] = [];
    const widgets = widgetCapability({ withFixture: true, handled });
    const consumers = queueConsumers([...CAPABILITIES, widgets].flatMap((c) => c.jobs ?? []));
    const services = testServices();
    const batch = createMessageBatch(JOBS_QUEUE, [
      {
        id: "m-widget",
        timestamp: new Date(),
        attempts: 1,
        body: { type: "widgets.polish", jobId: services.ids("job"), widgetId: "wdg_7" },
      },
    ]);
    const ctx = createExecutionContext();
    const consume = consumers[JOBS_QUEUE];
    if (!consume) throw new Error("no consumer for the jobs queue");
    await consume(services, batch);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m-widget"]);
    expect(handled).toEqual(["wdg_7"]);
  });

  it("gets its crons run by the scheduler on their schedule, each run recorded", async () => {
    const handled: string[] = [];
    const widgets = widgetCapability({ withFixture: true, handled });
    const jobs = [...FOUNDATION_CRONS, ...[...CAPABILITIES, widgets].flatMap((c) => c.crons ?? [])];
    const services = testServices();
    const startedAt = services.clock.now();
    const results = await runScheduled(services, "*/5 * * * *", jobs);
    expect(results).toContainEqual({ job: "widgets.sweep", status: "ok" });
    expect(results.map((r) => r.job)).not.toContain("widgets.yearly");
    expect(handled).toEqual([expect.stringMatching(/^swept at \d+$/)]);
    const runs = await services.db
      .select({ cron: cronRuns.cron, status: cronRuns.status })
      .from(cronRuns)
      .where(and(eq(cronRuns.job, "widgets.sweep"), gte(cronRuns.startedAt, startedAt)));
    expect(runs).toEqual([{ cron: "*/5 * * * *", status: "ok" }]);
    // Without it in the list, its jobs do not run.
    handled.length = 0;
    await runScheduled(services, "*/5 * * * *", [
      ...FOUNDATION_CRONS,
      ...CAPABILITIES.flatMap((c) => c.crons ?? []),
    ]);
    expect(handled).toEqual([]);
  });

  it("gets its routes swept for security with its own path fixtures; without them the sweep fails", async () => {
    const app = createApp([...CAPABILITIES, widgetCapability({ withFixture: false, handled: [] })]);
    const ctx = createExecutionContext();
    const doc = (await (
      await app.fetch(new Request("http://x/api/openapi.json"), env, ctx)
    ).json()) as OpenApiDocument;
    const widgetOps = (await documentedOperations({ doc })).filter((op) => op.path.includes("/widgets/"));
    expect(widgetOps).toHaveLength(1);
    const tenant = await makeTenant("Widgets");
    const path = widgetOps[0]?.path ?? "";
    const missing = pathFixturesOf([...CAPABILITIES, widgetCapability({ withFixture: false, handled: [] })]);
    expect(() => fill(path, tenant, tenant, new Set(), missing)).toThrow(
      /no PATH_FIXTURES entry for path parameter \{widgetId\}/,
    );
    const present = pathFixturesOf([...CAPABILITIES, widgetCapability({ withFixture: true, handled: [] })]);
    expect(fill(path, tenant, tenant, new Set(), present)).toBe(
      `/api/v1/projects/${tenant.owner.projectId}/widgets/wdg_${tenant.owner.projectId}`,
    );
  });

  it("gets its routes' security cases run (401, 403, another tenant's id 404), and a leaky route fails them", async () => {
    const [own, other] = [await makeTenant("Widgets"), await makeTenant("Gadgets")];
    const sweep = async (leaky: boolean) => {
      const capabilities = [...CAPABILITIES, widgetCapability({ withFixture: true, handled: [], leaky })];
      const app = createApp(capabilities);
      const via: Sender = async (path, init) =>
        app.fetch(new Request(`${BASE}${path}`, init), env, createExecutionContext());
      const doc = (await (await via("/api/openapi.json")).json()) as OpenApiDocument;
      const ops = (await documentedOperations({ doc })).filter((op) => op.path.includes("/widgets/"));
      return sweepRoutes(ops, own, other, sweepTargetOf(capabilities, via));
    };
    const scoped = await sweep(false);
    expect(scoped.failures).toEqual([]);
    // No credential, revoked and expired keys, an ingest-only key, another tenant's widget under
    // the caller's own project (as owner and as key), another tenant's ids (as owner and as key).
    expect(scoped.checked).toBeGreaterThanOrEqual(8);
    const leaky = await sweep(true);
    expect(leaky.failures).toEqual([
      expect.stringMatching(
        /another tenant's \{widgetId\} under the owner's own ids: expected 404 NOT_FOUND, got 200/,
      ),
      expect.stringMatching(
        /another tenant's \{widgetId\} under the key's own project: expected 404 NOT_FOUND, got 200/,
      ),
    ]);
  });

  it("fails the sweep when a route skips defineRoute (no access rule in the document)", async () => {
    const bare = new OpenAPIHono<HonoEnv>().openapi(
      createRoute({
        method: "get",
        path: "/api/v1/unguarded",
        responses: { 200: jsonResponse("Open.", z.object({ ok: z.boolean() })) },
      }),
      (c) => c.json({ ok: true }, 200),
    );
    const app = createApp([...CAPABILITIES, defineCapability({ name: "unguarded", routes: [bare] })]);
    const doc = (await (
      await app.fetch(new Request("http://x/api/openapi.json"), env, createExecutionContext())
    ).json()) as OpenApiDocument;
    await expect(documentedOperations({ doc })).rejects.toThrow(
      /GET \/api\/v1\/unguarded declares no x-sightline-access/,
    );
  });
});

/** The `crons` array of wrangler.toml's `[triggers]` table (the only place it declares crons). */
function wranglerCrons(toml: string): string[] {
  const triggers = /^\[triggers\][^[]*?^crons\s*=\s*(\[[^\]]*\])/m.exec(toml)?.[1];
  if (!triggers) throw new Error("wrangler.toml has no [triggers] crons");
  return JSON.parse(triggers.replace(/#.*$/gm, "").replace(/,\s*\]$/, "]")) as string[];
}

describe("cron schedules", () => {
  it("every schedule a cron job declares is one of wrangler.toml's [triggers] crons", () => {
    const jobs = [...FOUNDATION_CRONS, ...CAPABILITIES.flatMap((c) => c.crons ?? [])];
    const triggers = wranglerCrons(wranglerToml);
    expect(triggers).toContain("*/5 * * * *");
    const schedules = cronSchedule(jobs);
    for (const [schedule, scheduled] of schedules) {
      expect(triggers, `${scheduled.map((j) => j.name).join(", ")} run on "${schedule}"`).toContain(schedule);
    }
    expect([...schedules.values()].flat().map((j) => j.name)).toEqual(
      expect.arrayContaining(["housekeeping", "retention", "queue_probes"]),
    );
  });
});
