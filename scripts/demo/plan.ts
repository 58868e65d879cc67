/**
 * What the demo's week looks like, decided before anything runs: when each conversation starts,
 * what it asks, how long each trace takes and which ones fail. Pure and seeded, so the same seed and
 * the same `now` give the same plan, and a test can check the story without a stack.
 *
 * The story: weekday office hours (UTC) are busy, nights and weekends quiet; on a weekday two to
 * four days ago, agent v1.5.0 moves the answers to gpt-4.1 (about five times the price per token),
 * which is rate-limited and slow for three and a half hours until v1.5.1 moves them back.
 */
import { FOLLOW_UPS, TOPICS } from "./conversations.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
export const DEMO_DAYS = 7;

/** Relative traffic per UTC hour of a weekday: quiet nights, a working-day plateau, an evening tail. */
const HOURLY_TRAFFIC = [
  0.12, 0.1, 0.08, 0.08, 0.1, 0.15, 0.25, 0.45, 0.75, 0.95, 1, 1, 0.9, 0.95, 1, 1, 0.95, 0.8, 0.6, 0.45, 0.35,
  0.28, 0.2, 0.15,
];
const WEEKEND_TRAFFIC = 0.4;
/** Customers retry while the agent fails, so the incident brings a little more traffic. */
const INCIDENT_TRAFFIC = 1.4;
/** The last conversation starts this long before now, so every trace has ended by now. */
const QUIET_TAIL_MS = 15 * MINUTE_MS;

const INCIDENT = {
  startHourUtc: 13,
  durationMs: 3.5 * HOUR_MS,
  /** Share of incident traces whose answer call is refused with 429. */
  rateLimitedShare: 0.4,
};
/**
 * Outside the incident, at full traffic: share of traces whose answer call fails with 503, and of
 * order lookups that time out. Both scale with the hour's traffic (failures come with load), which
 * also keeps a quiet night hour from showing one failure in two as a spike that rivals the incident.
 */
const OVERLOADED_SHARE = 0.02;
const ORDER_TIMEOUT_SHARE = 0.05;

export const RELEASES = {
  before: { agentVersion: "1.4.2", answerModel: "gpt-4.1-mini" },
  incident: { agentVersion: "1.5.0", answerModel: "gpt-4.1" },
  after: { agentVersion: "1.5.1", answerModel: "gpt-4.1-mini" },
} as const;

export type Fault = "rate_limited" | "overloaded" | "order_timeout";

/** Planned durations of a turn's steps, in the order the agent takes them (0: not taken). */
export interface TurnSteps {
  retrievalMs: number;
  routerMs: number;
  toolMs: number;
  answerMs: number;
}

export interface PlannedTurn {
  startMs: number;
  /** How long the whole trace (its root span) takes on the dashboard: the sum of the steps. */
  latencyMs: number;
  steps: TurnSteps;
  /** Index into TOPICS for the opening question; follow-ups keep their session's topic. */
  topic: number;
  question: string;
  agentVersion: string;
  answerModel: string;
  fault: Fault | null;
  incident: boolean;
}

export interface PlannedSession {
  id: string;
  userId: string;
  /** The chat widget streams its answers; email does not. */
  channel: "chat-widget" | "email";
  turns: PlannedTurn[];
}

export interface DemoPlan {
  seed: number;
  from: number;
  to: number;
  incident: { from: number; to: number };
  sessions: PlannedSession[];
  traces: number;
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG; all the demo needs is repeatability. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal deviate (Box-Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const isWeekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());

/** Relative traffic at a time: its UTC hour's, a weekday's full height at most. */
export function trafficAt(ms: number): number {
  return (HOURLY_TRAFFIC[new Date(ms).getUTCHours()] ?? 0) * (isWeekend(ms) ? WEEKEND_TRAFFIC : 1);
}

/**
 * The incident: 13:00 UTC two days before today (UTC), moved back to Friday when that is a weekend,
 * so it lies 1.5 to 4.5 days back, well inside the week and in busy hours.
 */
export function incidentWindow(now: number): { from: number; to: number } {
  let day = Math.floor(now / DAY_MS) * DAY_MS - 2 * DAY_MS;
  while (isWeekend(day)) day -= DAY_MS;
  const from = day + INCIDENT.startHourUtc * HOUR_MS;
  return { from, to: from + INCIDENT.durationMs };
}

interface Slice {
  start: number;
  end: number;
  weight: number;
}

/** The week cut at hour boundaries and at the incident's edges, each piece weighted by its traffic. */
function trafficSlices(
  from: number,
  to: number,
  incident: { from: number; to: number },
  random: () => number,
): Slice[] {
  const cuts = new Set([from, to, incident.from, incident.to]);
  for (let h = Math.ceil(from / HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) cuts.add(h);
  const edges = [...cuts].filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  const slices: Slice[] = [];
  let hourNoise = 1;
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i] ?? from;
    const end = edges[i + 1] ?? to;
    // One noise factor per clock hour, so no two days look exactly alike.
    if (start % HOUR_MS === 0 || i === 0) hourNoise = 0.8 + 0.4 * random();
    const spike = start >= incident.from && start < incident.to ? INCIDENT_TRAFFIC : 1;
    slices.push({ start, end, weight: trafficAt(start) * spike * hourNoise * ((end - start) / HOUR_MS) });
  }
  return slices;
}

/**
 * Session start times by stratified sampling of the traffic curve: the i-th of n falls at a random
 * point of the i-th n-quantile of the cumulative traffic, so even a small demo follows the curve.
 */
function sessionStarts(slices: Slice[], n: number, random: () => number): number[] {
  const total = slices.reduce((sum, s) => sum + s.weight, 0);
  const starts: number[] = [];
  let slice = 0;
  let before = 0;
  for (let i = 0; i < n; i++) {
    const target = ((i + random()) / n) * total;
    while (slice < slices.length - 1 && before + (slices[slice]?.weight ?? 0) < target) {
      before += slices[slice]?.weight ?? 0;
      slice++;
    }
    const s = slices[slice];
    if (!s) break;
    const within = s.weight > 0 ? Math.min(1, (target - before) / s.weight) : 0;
    starts.push(Math.floor(s.start + within * (s.end - s.start)));
  }
  return starts;
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function turnFault(at: number, incident: boolean, hasOrder: boolean, random: () => number): Fault | null {
  const r = random();
  if (incident && r < INCIDENT.rateLimitedShare) return "rate_limited";
  const s = random();
  const load = trafficAt(at);
  if (hasOrder && s < ORDER_TIMEOUT_SHARE * load) return "order_timeout";
  if (s > 1 - OVERLOADED_SHARE * load) return "overloaded";
  return null;
}

/** A log-normal duration: `median` ms, spread `sigma`. */
const logNormal = (median: number, sigma: number, random: () => number) =>
  Math.round(median * Math.exp(sigma * normal(random)));

/**
 * How long each step of a turn takes. The answer is the bulk; the incident's model answers about
 * four times slower and, when rate-limited, refuses only after queueing; a timed-out order lookup
 * ends the turn after the order service's 5 s.
 */
function turnSteps(
  hasOrder: boolean,
  fault: Fault | null,
  incident: boolean,
  random: () => number,
): TurnSteps {
  const retrievalMs = 80 + Math.round(140 * random());
  const routerMs = logNormal(450, 0.3, random);
  if (fault === "order_timeout") {
    return { retrievalMs, routerMs, toolMs: 5000 + Math.round(800 * random()), answerMs: 0 };
  }
  const toolMs = hasOrder ? logNormal(180, 0.4, random) : 0;
  const answerMs =
    fault === "overloaded"
      ? logNormal(300, 0.3, random)
      : fault === "rate_limited"
        ? logNormal(2000, 0.4, random)
        : logNormal(incident ? 4400 : 1100, 0.35, random);
  return { retrievalMs, routerMs, toolMs, answerMs };
}

function release(startMs: number, incident: { from: number; to: number }) {
  if (startMs < incident.from) return RELEASES.before;
  return startMs < incident.to ? RELEASES.incident : RELEASES.after;
}

/** The whole week: `sessions` conversations of one to three turns over the 7 days before `now`. */
export function planDemo({ sessions, seed, now }: { sessions: number; seed: number; now: number }): DemoPlan {
  const random = seededRandom(seed);
  const from = now - DEMO_DAYS * DAY_MS;
  const to = now - QUIET_TAIL_MS;
  const incident = incidentWindow(now);
  const starts = sessionStarts(trafficSlices(from, to, incident, random), sessions, random);
  const planned: PlannedSession[] = starts.map((start, s) => {
    const topic = Math.floor(random() * TOPICS.length);
    const opening = TOPICS[topic];
    const turnCount = random() < 0.55 ? 1 : random() < 0.67 ? 2 : 3;
    const turns: PlannedTurn[] = [];
    let at = start;
    for (let t = 0; t < turnCount; t++) {
      const question = t === 0 ? (opening?.question ?? "Hello") : pick(FOLLOW_UPS, random).question;
      const hasOrder = t === 0 && opening?.order !== undefined;
      const inIncident = at >= incident.from && at < incident.to;
      const fault = turnFault(at, inIncident, hasOrder, random);
      const steps = turnSteps(hasOrder, fault, inIncident, random);
      const latencyMs = steps.retrievalMs + steps.routerMs + steps.toolMs + steps.answerMs;
      turns.push({
        startMs: at,
        latencyMs,
        steps,
        topic,
        question,
        ...release(at, incident),
        fault,
        incident: inIncident,
      });
      // A customer who got an error rarely keeps asking.
      if (fault) break;
      at += latencyMs + Math.round((20 + 100 * random()) * 1000);
    }
    return {
      id: `demo-${seed}-${String(s).padStart(5, "0")}`,
      userId: `customer-${1 + Math.floor(random() * 60)}`,
      channel: random() < 0.65 ? "chat-widget" : "email",
      turns,
    };
  });
  return {
    seed,
    from,
    to: now,
    incident,
    sessions: planned,
    traces: planned.reduce((n, s) => n + s.turns.length, 0),
  };
}
