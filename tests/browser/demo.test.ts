/**
 * `npm run demo` against the real stack, twice, as a newcomer runs it: the printed URL names the
 * demo project and the printed login opens it; its traces cover about 7 days with an incident
 * that the metrics API shows (more errors, slower, dearer); a second run replaces the week rather
 * than adding to it.
 */
import { spawn } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { BIN, ROOT } from "../../scripts/stack.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SESSIONS = 300;

type Figures = {
  traces: number | null;
  errorTraces: number | null;
  errorRate: number | null;
  latencyP50Ms: number | null;
  costUsd: number;
};
type Metrics = { series: (Figures & { time: string; group: string | null })[]; totals: Figures };

function runDemo(baseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN("tsx"), ["scripts/demo.ts"], {
      cwd: ROOT,
      env: { ...process.env, SIGHTLINE_URL: baseUrl, DEMO_SESSIONS: String(SESSIONS), DEMO_SEED: "7" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`npm run demo exited with ${code}:\n${output}`)),
    );
  });
}

/** What the demo printed: the project URL, the login, the trace count and the incident. */
function printed(output: string, baseUrl: string) {
  const url = new RegExp(`Open the demo project:\\s+${baseUrl}/p/(prj_\\w+)/traces`).exec(output);
  const login = /Log in as:\s+(\S+)\s+\/\s+(\S+)/.exec(output);
  const sent = /Sent ([\d,]+) traces/.exec(output);
  const incident = /Incident: (\S+) -> (\S+)/.exec(output);
  if (!url?.[1] || !login?.[1] || !login[2] || !sent?.[1] || !incident?.[1] || !incident[2]) {
    throw new Error(`the demo's summary is missing a line:\n${output}`);
  }
  return {
    projectId: url[1],
    email: login[1],
    password: login[2],
    traces: Number(sent[1].replaceAll(",", "")),
    incident: { from: Date.parse(incident[1]), to: Date.parse(incident[2]) },
    // Progress lines, so a newcomer sees the run advance.
    counters: output.match(/Traces sent: \d+ \/ \d+/g)?.length ?? 0,
  };
}

describe("npm run demo", () => {
  const baseUrl = inject("baseUrl");

  async function logIn(email: string, password: string): Promise<string> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    return /sl_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0] ?? "";
  }

  async function api<T>(cookie: string, path: string): Promise<T> {
    const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  const metrics = (cookie: string, projectId: string, query: Record<string, string>) =>
    api<Metrics>(cookie, `/api/v1/projects/${projectId}/metrics?${new URLSearchParams(query)}`);

  it("fills the demo project with a week that tells a story, and a second run replaces it", async () => {
    const first = printed(await runDemo(baseUrl), baseUrl);
    const now = Date.now();
    expect(first.counters).toBeGreaterThan(1);
    const cookie = await logIn(first.email, first.password);

    // The printed URL names the organization's only project: the demo's.
    const me = await api<{ projects: { id: string; name: string }[] }>(cookie, "/api/v1/whoami");
    expect(me.projects.map((p) => p.id)).toEqual([first.projectId]);
    expect(me.projects[0]?.name).toBe("Support agent (demo)");

    // About 7 days of traces, the newest before now.
    const list = (order: string) =>
      api<{ traces: { startTime: string }[] }>(
        cookie,
        `/api/v1/projects/${first.projectId}/traces?sort=time&order=${order}&limit=1`,
      );
    const oldest = Date.parse((await list("asc")).traces[0]?.startTime ?? "");
    const newest = Date.parse((await list("desc")).traces[0]?.startTime ?? "");
    expect(oldest).toBeGreaterThanOrEqual(now - 7 * DAY_MS - 5 * 60_000);
    expect(newest).toBeLessThan(now);
    expect(newest - oldest).toBeGreaterThan(6 * DAY_MS);

    const week = { from: new Date(now - 8 * DAY_MS).toISOString(), to: new Date(now).toISOString() };
    const hourly = await metrics(cookie, first.projectId, { ...week, granularity: "hour" });
    expect(hourly.totals.traces).toBe(first.traces);

    // The daily rhythm: weekday office hours (UTC) are much busier than nights.
    const perHour = (hours: number[]) => {
      const points = hourly.series.filter((p) => {
        const t = new Date(p.time);
        return (
          ![0, 6].includes(t.getUTCDay()) &&
          hours.includes(t.getUTCHours()) &&
          Date.parse(p.time) > now - 7 * DAY_MS
        );
      });
      return points.reduce((n, p) => n + (p.traces ?? 0), 0) / points.length;
    };
    expect(perHour([9, 10, 11, 12, 13, 14, 15])).toBeGreaterThan(3 * perHour([0, 1, 2, 3, 4, 5]));

    // The incident's whole hours against the rest of the week: more errors, slower, dearer per trace.
    const { from, to } = first.incident;
    expect(to - from).toBeGreaterThanOrEqual(3 * HOUR_MS);
    const incident = (
      await metrics(cookie, first.projectId, {
        // Whole hours only: the rollups are hourly, so an hour the incident starts in part of also
        // holds the calm traces before it (how many depends on the minute the demo ran).
        from: new Date(Math.ceil(from / HOUR_MS) * HOUR_MS).toISOString(),
        to: new Date(Math.floor(to / HOUR_MS) * HOUR_MS).toISOString(),
        granularity: "hour",
      })
    ).totals;
    const all = hourly.totals;
    const inTraces = incident.traces ?? 0;
    const outTraces = (all.traces ?? 0) - inTraces;
    const inErrorRate = (incident.errorTraces ?? 0) / inTraces;
    const outErrorRate = ((all.errorTraces ?? 0) - (incident.errorTraces ?? 0)) / outTraces;
    expect(inTraces).toBeGreaterThan(10);
    expect(inErrorRate).toBeGreaterThan(0.15);
    expect(inErrorRate).toBeGreaterThan(3 * outErrorRate);
    // The plan makes the incident's median turn more than twice as slow (scripts/demo/plan.test.ts,
    // exactly, for fixed dates); the dashboards' p50 comes from the rollups' latency buckets, which
    // round it, and the incident's rate-limited turns (quick refusals) pull it down by a share that
    // depends on the day the demo runs: 2× failed when run on 2026-12-06 (3,198 against 3,400 ms).
    expect(incident.latencyP50Ms ?? 0).toBeGreaterThan(1.5 * (all.latencyP50Ms ?? 0));
    expect(incident.costUsd / inTraces).toBeGreaterThan((2 * (all.costUsd - incident.costUsd)) / outTraces);

    // The model change: gpt-4.1 answers only during the incident.
    const byModel = await metrics(cookie, first.projectId, {
      ...week,
      granularity: "hour",
      groupBy: "model",
    });
    const bigModelHours = byModel.series.filter((p) => p.group === "gpt-4.1").map((p) => Date.parse(p.time));
    expect(bigModelHours.length).toBeGreaterThan(0);
    for (const hour of bigModelHours) {
      expect(hour).toBeGreaterThanOrEqual(from);
      expect(hour).toBeLessThan(to);
    }

    // Again: a new demo project with the same number of traces; the first one is gone.
    const second = printed(await runDemo(baseUrl), baseUrl);
    expect(second.projectId).not.toBe(first.projectId);
    expect(second.traces).toBe(first.traces);
    const again = await api<{ projects: { id: string }[] }>(cookie, "/api/v1/whoami");
    expect(again.projects.map((p) => p.id)).toEqual([second.projectId]);
    const gone = await fetch(`${baseUrl}/api/v1/projects/${first.projectId}/traces`, { headers: { cookie } });
    expect(gone.status).toBe(404);
    const secondWeek = await metrics(cookie, second.projectId, {
      from: new Date(Date.now() - 8 * DAY_MS).toISOString(),
      to: new Date().toISOString(),
      granularity: "day",
    });
    expect(secondWeek.totals.traces).toBe(first.traces);
  }, 180_000);
});
