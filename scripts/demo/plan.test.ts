import { describe, expect, it } from "vitest";
import { incidentWindow, planDemo, RELEASES } from "./plan.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// A Sunday night, a Tuesday afternoon, a Monday morning (UTC): the incident moves back past weekends.
const NOWS = [
  Date.parse("2026-12-06T03:15:00Z"),
  Date.parse("2026-12-08T15:40:00Z"),
  Date.parse("2026-12-07T08:00:00Z"),
];

const turnsOf = (plan: ReturnType<typeof planDemo>) => plan.sessions.flatMap((s) => s.turns);
const errorShare = (turns: ReturnType<typeof turnsOf>) => turns.filter((t) => t.fault).length / turns.length;

describe("the demo's plan", () => {
  it("is the same for the same seed and now, and different for another seed", () => {
    const now = NOWS[0] ?? 0;
    expect(planDemo({ sessions: 200, seed: 3, now })).toEqual(planDemo({ sessions: 200, seed: 3, now }));
    expect(planDemo({ sessions: 200, seed: 4, now })).not.toEqual(planDemo({ sessions: 200, seed: 3, now }));
  });

  for (const now of NOWS) {
    describe(`at ${new Date(now).toISOString()}`, () => {
      const plan = planDemo({ sessions: 800, seed: 1, now });
      const turns = turnsOf(plan);

      it("spreads the sessions over the last 7 days, every trace over before now", () => {
        expect(plan.sessions).toHaveLength(800);
        expect(plan.traces).toBe(turns.length);
        const first = Math.min(...turns.map((t) => t.startMs));
        const last = Math.max(...turns.map((t) => t.startMs + t.latencyMs));
        expect(first).toBeGreaterThanOrEqual(now - 7 * DAY_MS);
        expect(last).toBeLessThan(now);
        expect(last - first).toBeGreaterThan(6 * DAY_MS);
      });

      it("is busier in weekday office hours than at night", () => {
        const perHour = (hours: number[]) =>
          turns.filter((t) => {
            const d = new Date(t.startMs);
            return ![0, 6].includes(d.getUTCDay()) && hours.includes(d.getUTCHours());
          }).length / hours.length;
        expect(perHour([9, 10, 11, 12, 13, 14, 15, 16])).toBeGreaterThan(5 * perHour([0, 1, 2, 3, 4, 5]));
      });

      it("has an incident on a weekday afternoon 1.5 to 4.5 days back, with more errors, latency and cost", () => {
        const { from, to } = plan.incident;
        expect(incidentWindow(now)).toEqual(plan.incident);
        expect([0, 6]).not.toContain(new Date(from).getUTCDay());
        expect(now - from).toBeGreaterThan(1.5 * DAY_MS);
        expect(now - from).toBeLessThan(4.5 * DAY_MS);
        expect(to - from).toBe(3.5 * HOUR_MS);

        const inside = turns.filter((t) => t.incident);
        const outside = turns.filter((t) => !t.incident);
        expect(inside.every((t) => t.startMs >= from && t.startMs < to)).toBe(true);
        expect(inside.length).toBeGreaterThan(20);
        expect(errorShare(inside)).toBeGreaterThan(0.2);
        expect(errorShare(outside)).toBeLessThan(0.05);
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
        expect(median(inside.map((t) => t.latencyMs))).toBeGreaterThan(
          2 * median(outside.map((t) => t.latencyMs)),
        );
        expect(new Set(inside.map((t) => t.answerModel))).toEqual(new Set([RELEASES.incident.answerModel]));
        expect(new Set(outside.map((t) => t.answerModel))).toEqual(new Set([RELEASES.before.answerModel]));
        expect(
          turns.filter((t) => t.startMs >= to).every((t) => t.agentVersion === RELEASES.after.agentVersion),
        ).toBe(true);
      });
    });
  }
});
