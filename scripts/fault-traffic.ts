/**
 * Steady traffic against a local stack while its database is made to misbehave: OTLP senders
 * (new spans each export, counted as acknowledged only on a 200), a trace-list reader and,
 * optionally, a health poller. Shared by the fault test (tests/browser/database-faults.test.ts),
 * which asserts bounds, and the faults benchmark (scripts/bench/faults.ts), which reports them.
 * Times are epoch ms (Date.now), so callers can compare them with their own marks.
 */
import { createClient } from "@libsql/client";
import { newSpanId, newTraceId, otlpJson } from "../workers/test/otlp-builders.ts";

export type Answer = {
  kind: "write" | "read" | "health";
  started: number;
  ended: number;
  /** 0 when no answer came within the request timeout. */
  status: number;
  retryAfter: string | null;
  /** The body of an answer to a health poll. */
  body?: string;
};

export const SPANS_PER_BATCH = 5;
/** A request without an answer by then is recorded as status 0. */
const REQUEST_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request; one that fails or gets no answer in time is recorded with status 0. */
export async function timedRequest(
  kind: Answer["kind"],
  url: string,
  init: RequestInit = {},
): Promise<Answer> {
  const started = Date.now();
  let status = 0;
  let retryAfter: string | null = null;
  let body: string | undefined;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    status = res.status;
    retryAfter = res.headers.get("retry-after");
    const text = await res.text();
    if (kind === "health") body = text;
  } catch (err) {
    if (kind === "health") body = String(err);
  }
  return { kind, started, ended: Date.now(), status, retryAfter, ...(body !== undefined ? { body } : {}) };
}

export type Traffic = {
  answers: Answer[];
  /** Span ids of exports answered 200. */
  acknowledged: string[];
  /** Sends one more export now (recorded like the others). */
  postBatch(): Promise<Answer>;
  /** Exports until one is answered 200; ms from `since` to that answer, or NaN after `waitMs`. */
  firstAcceptedAfter(since: number, waitMs: number): Promise<number>;
  stop(): Promise<void>;
};

/** Starts `senders` OTLP senders, a reader, and (with `healthEveryMs`) a health poller. */
export function startTraffic(options: {
  url: string;
  projectId: string;
  /** An API key with the ingest and read scopes. */
  key: string;
  senders: number;
  healthEveryMs?: number;
}): Traffic {
  const { url, projectId, key } = options;
  const answers: Answer[] = [];
  const acknowledged: string[] = [];
  let running = true;

  async function postBatch(): Promise<Answer> {
    const traceId = newTraceId();
    const spans = Array.from({ length: SPANS_PER_BATCH }, (_, i) => ({
      traceId,
      spanId: newSpanId(),
      name: `fault-span-${i}`,
      startMs: Date.now() - 100,
      durationMs: 50,
    }));
    const answer = await timedRequest("write", `${url}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(otlpJson(spans)),
    });
    answers.push(answer);
    if (answer.status === 200) acknowledged.push(...spans.map((s) => s.spanId));
    return answer;
  }

  const poll = async (request: () => Promise<Answer>, pauseMs: (a: Answer) => number) => {
    while (running) {
      const answer = await request();
      if (answer.kind !== "write") answers.push(answer);
      await sleep(pauseMs(answer));
    }
  };
  const healthEveryMs = options.healthEveryMs;
  const loops = [
    ...Array.from({ length: options.senders }, () => poll(postBatch, (a) => (a.status === 200 ? 50 : 250))),
    poll(
      () =>
        timedRequest("read", `${url}/api/v1/projects/${projectId}/traces?limit=5`, {
          headers: { authorization: `Bearer ${key}` },
        }),
      () => 500,
    ),
    ...(healthEveryMs !== undefined
      ? [
          poll(
            () => timedRequest("health", `${url}/api/health`),
            () => healthEveryMs,
          ),
        ]
      : []),
  ];

  return {
    answers,
    acknowledged,
    postBatch,
    async firstAcceptedAfter(since, waitMs) {
      while (Date.now() - since < waitMs) {
        const answer = await postBatch();
        if (answer.status === 200 && answer.started >= since) return answer.ended - since;
        await sleep(50);
      }
      return Number.NaN;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** The acknowledged span ids the project's database does not hold. */
export async function missingSpans(
  dbUrl: string,
  projectId: string,
  acknowledged: string[],
): Promise<string[]> {
  const db = createClient({ url: dbUrl });
  try {
    const rows = await db.execute({
      sql: "select span_id from spans where project_id = ?",
      args: [projectId],
    });
    const stored = new Set(rows.rows.map((r) => String(r.span_id)));
    return acknowledged.filter((id) => !stored.has(id));
  } finally {
    db.close();
  }
}
