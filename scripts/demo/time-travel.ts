/**
 * Moves the demo's traces into the past. The SDK stamps spans with the current time and has no
 * option for other times, but it lets the caller supply `fetch`: this one rewrites each export
 * just before it goes out, mapping every span of a trace (and its events) from the time the trace
 * really ran onto its planned start and latency. The map is piecewise linear between marks the
 * agent takes after each step, each landing on that step's planned end, so the waterfall shows the
 * planned durations whatever the machine's load did to the real ones (a few milliseconds each).
 * Everything else (the instrumentation, the OpenAI wrapper, batching, retries) is the real SDK path.
 *
 * A batch can hold spans of a trace whose root has not ended yet, so a rewrite waits until the
 * demo has placed every trace it names (the agent's turns never wait for exports, so this cannot
 * deadlock).
 */
import type { OtlpExportRequest, OtlpSpan } from "../../sdk/src/index.ts";

/** A real instant (SDK clock, ns since the epoch) and where it lands, in ms after the planned start. */
export interface Mark {
  realNs: string;
  atMs: number;
}

interface Point {
  realNs: bigint;
  atNs: number;
}

interface Placement {
  plannedStartNs: bigint;
  /** Increasing in both coordinates, from the root's real start (0) to its real end (the latency). */
  points: Point[];
}

const msToNs = (ms: number) => BigInt(Math.round(ms)) * 1_000_000n;

/** Where a real instant lands, in ns after the planned start: linear between the placement's points. */
function plannedOffsetNs({ points }: Placement, realNs: bigint): number {
  let i = 0;
  while (i + 2 < points.length && (points[i + 1]?.realNs ?? realNs) <= realNs) i++;
  const a = points[i];
  const b = points[i + 1];
  if (!a) return 0;
  if (!b || b.realNs <= a.realNs) return b?.atNs ?? a.atNs;
  const fraction = Number(realNs - a.realNs) / Number(b.realNs - a.realNs);
  return a.atNs + Math.min(1, Math.max(0, fraction)) * (b.atNs - a.atNs);
}

export class TimeTravel {
  #placements = new Map<string, Promise<Placement>>();
  #resolvers = new Map<string, (placement: Placement) => void>();
  #tracesSent = 0;
  #rejectedSpans = 0;
  #onSent: (tracesSent: number) => void;

  constructor(options: { onSent?: (tracesSent: number) => void } = {}) {
    this.#onSent = options.onSent ?? (() => {});
  }

  /** Root spans the server acknowledged: one per trace. */
  get tracesSent(): number {
    return this.#tracesSent;
  }
  /** Spans the server refused in a partial success (none expected). */
  get rejectedSpans(): number {
    return this.#rejectedSpans;
  }

  #placement(traceId: string): Promise<Placement> {
    let placement = this.#placements.get(traceId);
    if (!placement) {
      placement = new Promise((resolve) => this.#resolvers.set(traceId, resolve));
      this.#placements.set(traceId, placement);
    }
    return placement;
  }

  /**
   * Maps the trace that really ran from `real.startNs` to `real.endNs` onto the planned one, through
   * `marks` in between (ignored where they would not keep time moving forward).
   */
  place(
    traceId: string,
    real: { startNs: string; endNs: string },
    planned: { startMs: number; latencyMs: number },
    marks: Mark[] = [],
  ): void {
    void this.#placement(traceId);
    const start: Point = { realNs: BigInt(real.startNs), atNs: 0 };
    const end: Point = { realNs: BigInt(real.endNs), atNs: planned.latencyMs * 1e6 };
    const points = [start];
    for (const mark of marks.map((m) => ({ realNs: BigInt(m.realNs), atNs: m.atMs * 1e6 }))) {
      const last = points[points.length - 1] ?? start;
      const inside = mark.realNs < end.realNs && mark.atNs < end.atNs;
      if (inside && mark.realNs > last.realNs && mark.atNs > last.atNs) points.push(mark);
    }
    points.push(end);
    this.#resolvers.get(traceId)?.({ plannedStartNs: msToNs(planned.startMs), points });
    this.#resolvers.delete(traceId);
  }

  async #rewrite(body: string): Promise<{ body: string; roots: number }> {
    const request = JSON.parse(body) as OtlpExportRequest;
    const spans: OtlpSpan[] = request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    const placements = new Map<string, Placement>();
    for (const traceId of new Set(spans.map((s) => s.traceId))) {
      placements.set(traceId, await this.#placement(traceId));
    }
    for (const span of spans) {
      const p = placements.get(span.traceId);
      if (!p) continue;
      const move = (ns: string) =>
        String(p.plannedStartNs + BigInt(Math.round(plannedOffsetNs(p, BigInt(ns)))));
      span.startTimeUnixNano = move(span.startTimeUnixNano);
      span.endTimeUnixNano = move(span.endTimeUnixNano);
      for (const event of span.events) event.timeUnixNano = move(event.timeUnixNano);
    }
    return { body: JSON.stringify(request), roots: spans.filter((s) => !s.parentSpanId).length };
  }

  /** The `fetch` to give the SDK's init(). */
  readonly fetch: typeof fetch = async (input, init) => {
    if (typeof init?.body !== "string") return fetch(input, init);
    const { body, roots } = await this.#rewrite(init.body);
    const response = await fetch(input, { ...init, body });
    if (response.ok) {
      const answer = (await response
        .clone()
        .json()
        .catch(() => ({}))) as { partialSuccess?: { rejectedSpans?: number | string } };
      this.#rejectedSpans += Number(answer.partialSuccess?.rejectedSpans ?? 0);
      this.#tracesSent += roots;
      this.#onSent(this.#tracesSent);
    }
    return response;
  };
}
