/**
 * `npm run demo`: a week of a sample support agent's traces, for a newcomer to look at. The agent
 * (scripts/demo/agent.ts) runs for real with the Sightline SDK against a scripted OpenAI-compatible
 * server (no internet needed): retrieval, a router call with a tool, streamed and plain answers,
 * multi-turn sessions. A seeded plan (scripts/demo/plan.ts) spreads the conversations over the
 * last 7 days with a daily rhythm and an incident, and the SDK's exports are moved to their planned
 * times on the way out (scripts/demo/time-travel.ts).
 *
 * Each run replaces the demo project with a fresh week relative to now. Uses a Sightline already
 * running at SIGHTLINE_URL (default http://localhost:8787), or starts the local stack (like
 * `npm start`) and keeps it running until Ctrl-C.
 *
 *   DEMO_SESSIONS  conversations over the week (default 800, about 1,300 traces)
 *   DEMO_SEED      the plan's seed (default 1): the same seed gives the same week relative to now
 *
 * `npm run demo -- --live` then keeps the agent answering live traffic (scripts/demo/live.ts), into
 * the demo project an earlier run made (or a fresh week first), with two judge scorers to monitor
 * it with, and makes its answers worse on command (`w`), better (`b`), or after
 * DEMO_LIVE_DEGRADE_AFTER seconds; DEMO_LIVE_RATE conversations a second (default 2).
 */
import { join } from "node:path";
import OpenAI from "openai";
import { getDroppedSpanCount, init, shutdown } from "../sdk/src/index.ts";
import { projectUrl } from "../workers/lib/urls.ts";
import {
  DEMO_EMAIL,
  DEMO_PASSWORD,
  DEMO_PROJECT,
  type DemoAccount,
  demoLogin,
  existingDemoProject,
  freshDemoProject,
  storedTraces,
} from "./demo/account.ts";
import { ROUTER_MODEL, supportAgent } from "./demo/agent.ts";
import { llmRules } from "./demo/conversations.ts";
import { type LiveState, liveRules, runLive, setUpJudges } from "./demo/live.ts";
import { DEMO_DAYS, type DemoPlan, type PlannedSession, planDemo, RELEASES } from "./demo/plan.ts";
import { TimeTravel } from "./demo/time-travel.ts";
import { type OpenAIServer, startOpenAIServer } from "./openai-server.ts";
import { buildDashboard, ROOT, type Stack, startStack } from "./stack.ts";

/** Conversations run side by side (each one's turns in order). */
const CONCURRENCY = 16;

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

async function ensureSightline(): Promise<{ url: string; stack: Stack | null }> {
  const url = (process.env.SIGHTLINE_URL ?? "http://localhost:8787").replace(/\/+$/, "");
  try {
    if ((await fetch(`${url}/api/health`)).ok) return { url, stack: null };
  } catch {
    // not running: start it
  }
  console.log("No Sightline running; building the dashboard and starting the local stack (as npm start)…");
  await buildDashboard();
  const stack = await startStack({
    dataDir: join(ROOT, ".sightline"),
    port: Number(new URL(url).port || 8787),
  });
  return { url: stack.url, stack };
}

/** A counter that rewrites itself on a terminal and prints every tenth when logged to a file. */
function progress(total: number): (sent: number) => void {
  let shown = -1;
  return (sent) => {
    if (process.stdout.isTTY) {
      process.stdout.write(
        `\r  Traces sent: ${sent.toLocaleString("en")} / ${total.toLocaleString("en")}   `,
      );
      return;
    }
    const tenth = Math.floor((sent / total) * 10);
    if (tenth === shown) return;
    shown = tenth;
    console.log(`  Traces sent: ${sent} / ${total}`);
  };
}

/** Runs the sessions, `CONCURRENCY` at a time; each session's turns run in order. */
async function runSessions(sessions: PlannedSession[], run: (session: PlannedSession) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < sessions.length; i = next++) {
      const session = sessions[i];
      if (session) await run(session);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

function summary(plan: DemoPlan, url: string, projectId: string, stored: number): string {
  const turns = plan.sessions.flatMap((s) => s.turns);
  const failed = turns.filter((t) => t.fault);
  const inIncident = turns.filter((t) => t.incident);
  const rate = (list: typeof turns) =>
    list.length ? `${((100 * list.filter((t) => t.fault).length) / list.length).toFixed(1)} %` : "-";
  const outside = turns.filter((t) => !t.incident);
  return [
    "",
    `Sent ${plan.traces.toLocaleString("en")} traces in ${plan.sessions.length.toLocaleString("en")} sessions over the last ${DEMO_DAYS} days (seed ${plan.seed}); the project holds ${stored.toLocaleString("en")}.`,
    `  Busy on weekday office hours (UTC), quiet at night and at weekends; ${failed.length} traces failed.`,
    `  Incident: ${new Date(plan.incident.from).toISOString()} -> ${new Date(plan.incident.to).toISOString()} (${utc(plan.incident.from)} to ${utc(plan.incident.to).slice(11)} UTC):`,
    `    agent v${RELEASES.incident.agentVersion} moved answers from ${RELEASES.before.answerModel} to ${RELEASES.incident.answerModel} (higher cost), which was rate-limited (429)`,
    `    and slow; errors ${rate(inIncident)} of ${inIncident.length} traces against ${rate(outside)} otherwise, until v${RELEASES.after.agentVersion}.`,
    "",
    `  Open the demo project:  ${projectUrl(url, projectId, { page: "traces" })}`,
    `  Log in as:              ${DEMO_EMAIL}  /  ${DEMO_PASSWORD}`,
    `  Project:                "${DEMO_PROJECT}" (${projectId})`,
  ].join("\n");
}

/** The week of history (a fresh demo project), as `npm run demo` without `--live` does alone. */
async function seedWeek(url: string, account: DemoAccount, llm: OpenAIServer) {
  const sessions = positiveInteger("DEMO_SESSIONS", 800);
  const seed = positiveInteger("DEMO_SEED", 1);
  const { projectId, ingestKey, replaced } = await freshDemoProject(url, account);
  const plan = planDemo({ sessions, seed, now: Date.now() });
  console.log(
    `${replaced ? "Replaced the demo project" : "Created the demo project"} (${projectId}); sending ${plan.traces} traces over the last ${DEMO_DAYS} days (seed ${seed}):`,
  );
  const timeTravel = new TimeTravel({ onSent: progress(plan.traces) });
  init({ apiKey: ingestKey, baseUrl: url, serviceName: "support-agent-demo", fetch: timeTravel.fetch });
  const agent = supportAgent(new OpenAI({ apiKey: "demo", baseURL: llm.url, maxRetries: 0 }), timeTravel);

  await runSessions(plan.sessions, async (session) => {
    const history: OpenAI.Chat.ChatCompletionMessageParam[] = [];
    for (const turn of session.turns) await agent.runTurn(session, turn, history);
    llm.requests.length = 0; // the scripted server records every request; the demo reads none
  });
  await shutdown();
  if (process.stdout.isTTY) process.stdout.write("\n");

  const lost = getDroppedSpanCount() + timeTravel.rejectedSpans;
  if (lost > 0) console.warn(`Warning: ${lost} spans were dropped or refused (see the warnings above).`);
  const stored = await storedTraces(url, account, projectId, plan.from);
  console.log(summary(plan, url, projectId, stored));
  return { projectId, ingestKey };
}

async function main() {
  const live = process.argv.includes("--live");
  const { url, stack } = await ensureSightline();
  const account = await demoLogin(url);
  const state: LiveState = { degraded: false };
  const llm = await startOpenAIServer();
  llm.script([
    ...liveRules(state),
    ...llmRules({ routerModel: ROUTER_MODEL, slowModel: RELEASES.incident.answerModel }),
  ]);
  // Live traffic goes on after the week, or into the week an earlier run made.
  const project =
    (live ? await existingDemoProject(url, account) : null) ?? (await seedWeek(url, account, llm));
  if (live) {
    await setUpJudges(url, account, project.projectId, llm.url);
    init({ apiKey: project.ingestKey, baseUrl: url, serviceName: "support-agent-demo" });
    const degradeAfter = process.env.DEMO_LIVE_DEGRADE_AFTER;
    await runLive({
      url,
      projectId: project.projectId,
      client: new OpenAI({ apiKey: "demo", baseURL: llm.url, maxRetries: 0 }),
      llm,
      state,
      perSecond: positiveInteger("DEMO_LIVE_RATE", 2),
      degradeAfterSeconds: degradeAfter ? positiveInteger("DEMO_LIVE_DEGRADE_AFTER", 60) : null,
    });
    await shutdown();
  }
  await llm.close();
  if (stack) {
    console.log("\nThe local stack keeps running; press Ctrl-C to stop it.");
    const stop = async () => {
      await stack.stop();
      process.exit(0);
    };
    process.on("SIGINT", () => void stop());
    process.on("SIGTERM", () => void stop());
  } else if (live) process.exit(0);
}

await main();
