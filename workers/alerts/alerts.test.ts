import { describe, expect, it } from "vitest";
import { batchMemo, type OrgJobContext } from "../jobs/define";
import { asKey, asUser, createKey } from "../test/accounts";
import { expectError } from "../test/helpers";
import { testOrgDb, testServices } from "../test/services";
import { getJson } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces, type TraceProject, traceProject } from "../test/trace-fixtures";
import { createWebhook, receivedAtLeast, receiverUrl } from "../test/webhooks";
import { evaluateOrgRules, GRACE_MS } from "./evaluate";
import { type Notification, notifyAlerts } from "./notify";
import type { AlertView, RuleView, SeriesView } from "./schemas";

const rulesPath = (p: TraceProject, rest = "") => `/api/v1/projects/${p.owner.projectId}/alert-rules${rest}`;
const alertsPath = (p: TraceProject, rest = "") => `/api/v1/projects/${p.owner.projectId}/alerts${rest}`;

/** Scored traffic: for each hour back, `n` traces of which `passes` passed "correctness". */
async function scoredHours(p: TraceProject, hours: { ago: number; n: number; passes: number }[]) {
  const traces = hours.flatMap(({ ago, n, passes }) =>
    Array.from({ length: n }, (_, i) => ({
      trace: buildTrace({ startMs: hoursAgo(ago, 1000 + i * 1000) }),
      pass: i < passes,
    })),
  );
  for (let i = 0; i < traces.length; i += 200)
    await ingestTraces(
      p.ingestKey,
      traces.slice(i, i + 200).map((t) => t.trace),
    );
  for (let i = 0; i < traces.length; i += 1000) {
    const res = await asKey(p.ingestKey, `/api/v1/projects/${p.owner.projectId}/assessments/batch`, {
      method: "POST",
      json: {
        assessments: traces
          .slice(i, i + 1000)
          .map((t) => ({ traceId: t.trace.traceId, name: "correctness", value: t.pass })),
      },
    });
    expect(res.status).toBe(201);
  }
}

/** Runs the organization's rules as the cron's job would, at `now`; returns what it notified. */
async function evaluateAt(p: TraceProject, now: number): Promise<Notification[]> {
  const services = testServices({ clock: { now: () => now } });
  const ctx: OrgJobContext = {
    services,
    control: services.db,
    db: testOrgDb(p.owner.orgId),
    org: { id: p.owner.orgId },
    jobId: services.ids("job"),
    attempts: 1,
    batch: batchMemo(),
  };
  const sent: Notification[] = [];
  await evaluateOrgRules(ctx, async (jobCtx, n) => {
    sent.push(...n);
    await notifyAlerts(jobCtx, n);
  });
  return sent;
}

/** A time just after the window ending at `hoursAgo(ago)` can be judged. */
const judgedAfter = (ago: number) => hoursAgo(ago) + GRACE_MS + 1000;

async function createRule(p: TraceProject, body: object): Promise<RuleView> {
  const res = await asUser(p.owner.cookie, rulesPath(p), { method: "POST", json: body });
  if (res.status !== 201) throw new Error(`rule: ${res.status} ${await res.text()}`);
  return (await res.json()) as RuleView;
}

const dropRule = {
  name: "Correctness dropped",
  assessmentName: "correctness",
  config: { kind: "drop", metric: "pass_rate", minSamples: 10, baselineWindows: 4, minEffect: 0.1 },
};

describe("alert rules on the score rollups", () => {
  it("a drop rule fires on a real drop with its numbers and links, stays quiet on noise, and resolves", async () => {
    const p = await traceProject();
    // Four hours at 90 %, then the hour ending 2 hours ago at 30 %: a drop.
    await scoredHours(p, [
      { ago: 7, n: 20, passes: 18 },
      { ago: 6, n: 20, passes: 17 },
      { ago: 5, n: 20, passes: 19 },
      { ago: 4, n: 20, passes: 18 },
      { ago: 3, n: 20, passes: 6 },
    ]);
    const { url, name: inbox } = receiverUrl("200");
    await createWebhook(p.owner, { format: "standard", url, events: ["alert.fired", "alert.resolved"] });
    const rule = await createRule(p, dropRule);
    expect(rule).toMatchObject({ state: "ok", evaluatedTo: null, config: { alpha: 0.001, m: 1, n: 1 } });
    // The first run judges the last complete window only: the hour 4 → 3 hours ago is still fine.
    expect(await evaluateAt(p, judgedAfter(3))).toEqual([]);
    // Catch up to the hour that dropped.
    const fired = await evaluateAt(p, judgedAfter(2));
    expect(fired).toEqual([expect.objectContaining({ type: "alert.fired", ruleId: rule.id })]);
    const { alerts } = await getJson<{ alerts: AlertView[] }>(p.owner.cookie, alertsPath(p, "?state=open"));
    expect(alerts).toHaveLength(1);
    const alert = alerts[0];
    expect(alert).toMatchObject({
      state: "firing",
      ruleName: "Correctness dropped",
      window: { start: new Date(hoursAgo(3)).toISOString(), end: new Date(hoursAgo(2)).toISOString() },
      numbers: {
        kind: "drop",
        metric: "pass_rate",
        statistic: 0.3,
        n: 20,
        baseline: { n: 80 },
        verdict: "holds",
      },
    });
    expect(alert?.summary).toMatch(/0\.3.*n = 20/);
    expect(alert?.links.traces).toContain(`/p/${p.owner.projectId}/traces?from=`);
    expect(alert?.links.traces).toContain("failed=correctness");
    expect(alert?.links.alert).toContain(`/p/${p.owner.projectId}/monitors/alerts/${alert?.id}`);
    const firing = await getJson<RuleView>(p.owner.cookie, rulesPath(p, `/${rule.id}`));
    expect(firing).toMatchObject({ state: "firing", openAlert: { id: alert?.id, state: "firing" } });
    expect(firing.lastSummary).toContain("p =");

    // The project's webhook got it, signed, with the numbers and the links.
    const [delivered] = await receivedAtLeast(inbox, 1);
    expect(delivered?.headers["webhook-signature"]).toMatch(/^v1,/);
    const payload = JSON.parse(delivered?.body ?? "{}") as {
      type: string;
      data: { rule: { condition: string } };
    };
    expect(payload).toMatchObject({
      type: "alert.fired",
      data: {
        alert: { id: alert?.id, state: "firing" },
        rule: { name: "Correctness dropped", kind: "drop", assessmentName: "correctness" },
        numbers: { value: 0.3, samples: 20, baselineSamples: 80 },
        links: { alert: alert?.links.alert, traces: alert?.links.traces },
      },
    });
    expect(payload.data.rule.condition).toContain("fell by at least 0.1");

    // Evaluated again at the same time: nothing new (the windows were judged).
    expect(await evaluateAt(p, judgedAfter(2))).toEqual([]);
    // Acknowledged: still open.
    const ack = await asUser(p.owner.cookie, alertsPath(p, `/${alert?.id}/acknowledge`), { method: "POST" });
    expect(await ack.json()).toMatchObject({ state: "acknowledged", acknowledged: { by: p.owner.email } });

    // Recovery: three clear hours resolve it (resolveWindows 3).
    await scoredHours(p, [
      { ago: 2, n: 20, passes: 18 },
      { ago: 1, n: 20, passes: 19 },
      { ago: 0, n: 20, passes: 18 },
    ]);
    expect(await evaluateAt(p, judgedAfter(-1))).toEqual([
      expect.objectContaining({ type: "alert.resolved", alertId: alert?.id }),
    ]);
    const resolvedHook = (await receivedAtLeast(inbox, 2))[1];
    expect(JSON.parse(resolvedHook?.body ?? "{}")).toMatchObject({
      type: "alert.resolved",
      data: { alert: { state: "resolved" } },
    });
    const resolved = await getJson<AlertView>(p.owner.cookie, alertsPath(p, `/${alert?.id}`));
    expect(resolved).toMatchObject({ state: "resolved", resolveNumbers: { verdict: "clear" } });
    expect((await getJson<RuleView>(p.owner.cookie, rulesPath(p, `/${rule.id}`))).state).toBe("resolved");

    // The chart: the statistic, baseline and where it fires, window by window.
    const series = await getJson<SeriesView>(p.owner.cookie, rulesPath(p, `/${rule.id}/series?windows=8`));
    const dropped = series.points.find((pt) => pt.start === new Date(hoursAgo(3)).toISOString());
    expect(dropped).toMatchObject({ statistic: 0.3, verdict: "holds", state: "firing" });
    expect(dropped?.baseline).toBeCloseTo(72 / 80, 5);
    expect(dropped?.limit).toBeCloseTo(72 / 80 - 0.1, 5);
  });

  it("a threshold rule needs its minimum of samples and the Wilson bound beyond it, not the point estimate", async () => {
    const p = await traceProject();
    await scoredHours(p, [
      // 8 of 12: point estimate 0.67 < 0.8, but n is under the minimum.
      { ago: 3, n: 12, passes: 8 },
      // 15 of 20: 0.75, under 0.8 as a point estimate only.
      { ago: 2, n: 20, passes: 15 },
    ]);
    const rule = await createRule(p, {
      name: "Correctness under 80 %",
      assessmentName: "correctness",
      config: { kind: "threshold", metric: "pass_rate", direction: "below", threshold: 0.8, minSamples: 15 },
    });
    await evaluateAt(p, judgedAfter(2));
    expect((await getJson<RuleView>(p.owner.cookie, rulesPath(p, `/${rule.id}`))).lastNumbers).toMatchObject({
      verdict: "insufficient",
      n: 12,
    });
    // 15 of 20 = 0.75 < 0.8, but the Wilson interval's upper bound (0.89) is not: no alert.
    expect(await evaluateAt(p, judgedAfter(1))).toEqual([]);
    const view = await getJson<RuleView>(p.owner.cookie, rulesPath(p, `/${rule.id}`));
    expect(view.lastNumbers).toMatchObject({ verdict: "unclear", statistic: 0.75, method: "wilson-95" });
    // 5 of 30: the bound too is under 0.8: it fires.
    await scoredHours(p, [{ ago: 1, n: 30, passes: 5 }]);
    expect(await evaluateAt(p, judgedAfter(0))).toEqual([expect.objectContaining({ type: "alert.fired" })]);
  });

  it("a muted rule records its alert but notifies nobody; a cooldown holds the next firing back", async () => {
    const p = await traceProject();
    await scoredHours(p, [
      { ago: 3, n: 20, passes: 2 },
      { ago: 2, n: 20, passes: 20 },
      { ago: 1, n: 20, passes: 2 },
    ]);
    const rule = await createRule(p, {
      name: "Low",
      assessmentName: "correctness",
      config: {
        kind: "threshold",
        metric: "pass_rate",
        direction: "below",
        threshold: 0.5,
        minSamples: 10,
        resolveWindows: 1,
        cooldownWindows: 2,
      },
    });
    const muted = await asUser(p.owner.cookie, rulesPath(p, `/${rule.id}`), {
      method: "PATCH",
      json: { mutedUntil: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(muted.status).toBe(200);
    expect(await evaluateAt(p, judgedAfter(2))).toEqual([]);
    const { alerts } = await getJson<{ alerts: AlertView[] }>(p.owner.cookie, alertsPath(p));
    expect(alerts).toEqual([expect.objectContaining({ state: "firing", muted: true })]);
    // Resolved after one clear hour (silently: still muted); the next bad hour is inside the cooldown.
    expect(await evaluateAt(p, judgedAfter(0))).toEqual([]);
    const after = await getJson<{ alerts: AlertView[] }>(p.owner.cookie, alertsPath(p));
    expect(after.alerts.map((a) => a.state)).toEqual(["resolved"]);
    expect((await getJson<RuleView>(p.owner.cookie, rulesPath(p, `/${rule.id}`))).state).toBe("resolved");
  });
});

describe("alert rules on the trace rollups", () => {
  it("an error-rate threshold fires from the trace rollups, with a link to the failing traces", async () => {
    const p = await traceProject();
    const traces = Array.from({ length: 40 }, (_, i) =>
      buildTrace({ startMs: hoursAgo(2, i * 1000), error: i < 20 }),
    );
    await ingestTraces(p.ingestKey, traces);
    await createRule(p, {
      name: "Errors",
      config: { kind: "threshold", metric: "error_rate", direction: "above", threshold: 0.2, minSamples: 20 },
    });
    expect(await evaluateAt(p, judgedAfter(1))).toEqual([expect.objectContaining({ type: "alert.fired" })]);
    const { alerts } = await getJson<{ alerts: AlertView[] }>(p.owner.cookie, alertsPath(p));
    expect(alerts[0]?.numbers).toMatchObject({ metric: "error_rate", statistic: 0.5, n: 40 });
    expect(alerts[0]?.links.traces).toContain("status=ERROR");
  });
});

describe("alert rules: the API", () => {
  it("checks rules against the rollups' dimensions and windows, and who may change them", async () => {
    const p = await traceProject();
    const bad = async (body: object, field: string) => {
      const error = await expectError(
        await asUser(p.owner.cookie, rulesPath(p), { method: "POST", json: body }),
        422,
        "INVALID_INPUT",
      );
      expect(error.message).toContain(field);
    };
    await bad({ ...dropRule, assessmentName: undefined }, "assessmentName");
    await bad({ ...dropRule, config: { ...dropRule.config, m: 3, n: 2 } }, "m");
    await bad({ ...dropRule, config: { ...dropRule.config, metric: "latency_p95" } }, "metric");
    await bad(
      {
        name: "x",
        config: {
          kind: "threshold",
          metric: "latency_p95",
          direction: "above",
          threshold: 900,
          windowMinutes: 15,
        },
      },
      "windowMinutes",
    );
    await bad({ ...dropRule, monitorId: "mon_00000000000000000000000000" }, "monitorId");
    await bad(
      {
        name: "x",
        assessmentName: "c",
        config: { kind: "threshold", metric: "error_rate", direction: "above", threshold: 2 },
      },
      "threshold",
    );
    // A score rule may use 15-minute windows (5-minute score rollups).
    const fine = await createRule(p, { ...dropRule, config: { ...dropRule.config, windowMinutes: 15 } });
    expect(fine.config).toMatchObject({ windowMinutes: 15, direction: "below" });
    const { key } = await createKey(p.owner, ["read"]);
    await expectError(await asKey(key, rulesPath(p), { method: "POST", json: dropRule }), 403, "FORBIDDEN");
    expect((await asKey(key, rulesPath(p))).status).toBe(200);
    const off = await asUser(p.owner.cookie, rulesPath(p, `/${fine.id}`), {
      method: "PATCH",
      json: { enabled: false },
    });
    expect(await off.json()).toMatchObject({ enabled: false });
    expect((await asUser(p.owner.cookie, rulesPath(p, `/${fine.id}`), { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await getJson<{ rules: RuleView[] }>(p.owner.cookie, rulesPath(p))).rules).toEqual([]);
  });
});
