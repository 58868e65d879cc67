/**
 * How evaluate() sends rows when the API fails, which the real stack cannot be made to do on
 * demand: rows in requests of at most 100 (the last closing the run), numbered; a request stored
 * but answered 503 sent again under its number and answered as stored, a refused request failing the call
 * and cancelling the run, a predictFn's TypeError (a bug) not retried. Requests go to a scripted
 * fetch playing the evaluations API.
 */
import { describe, expect, it } from "vitest";
import type { EvaluationStatus, RowInput } from "../src/index.ts";
import { evaluationView } from "./evaluation-fixture.ts";
import { rejection } from "./rejection.ts";
import { json, scripted } from "./scripted-fetch.ts";

const PROJECT = "prj_f";
const runs = `/api/v1/projects/${PROJECT}/evaluations`;

/**
 * The evaluations API for one run, as the server answers: a batch sent again under the number it
 * was stored with is answered and not stored twice; records sent twice otherwise are refused (409).
 */
function fakeApi(options: { failAppend?: (n: number) => Response | "stored-then-503" | undefined } = {}) {
  const rows: RowInput[] = [];
  const appends: { size: number; last: boolean; seq?: number }[] = [];
  let taken = { seq: 0, body: "" };
  let open = true;
  let status: EvaluationStatus = "running";
  const view = () =>
    evaluationView({
      id: "run_f",
      status,
      open,
      rows: rows.length,
      progress: { total: rows.length, done: rows.length, errors: 0 },
      metrics: { "correctness/mean": 1 },
    });
  const handle = (method: string, path: string, body: string | undefined) => {
    if (method === "POST" && path === runs) return json(202, view());
    if (method === "POST" && path === `${runs}/run_f/rows`) {
      const sent = JSON.parse(body ?? "{}") as { records: RowInput[]; last: boolean; seq?: number };
      const n = appends.push({ size: sent.records.length, last: sent.last, seq: sent.seq });
      if (sent.seq === taken.seq && body === taken.body) return json(200, view());
      const keys = new Set(rows.map((r) => JSON.stringify(r.inputs)));
      if (!open || sent.records.some((r) => keys.has(JSON.stringify(r.inputs))))
        return json(409, { error: { code: "CONFLICT", message: "already in the run" } });
      const failure = options.failAppend?.(n);
      if (failure instanceof Response) return failure;
      rows.push(...sent.records);
      taken = { seq: sent.seq ?? taken.seq, body: body ?? "" };
      if (sent.last) {
        open = false;
        status = "completed";
      }
      return failure === "stored-then-503"
        ? json(503, { error: { code: "UNAVAILABLE", message: "lost" } })
        : json(200, view());
    }
    if (method === "POST" && path === `${runs}/run_f/cancel`) {
      open = false;
      status = "cancelled";
      return json(200, view());
    }
    if (method === "GET" && path === `${runs}/run_f`) return json(200, view());
    if (method === "GET" && path.startsWith(`${runs}/run_f/results`))
      return json(200, {
        results: rows.map((r, i) => ({
          rowKey: `k${i}`,
          position: i + 1,
          recordId: null,
          traceId: r.traceId ?? null,
          inputs: r.inputs,
          outputs: r.outputs ?? null,
          expectations: {},
          latencyMs: null,
          error: r.error ?? null,
          scores: [],
        })),
        nextCursor: null,
      });
    return json(404, { error: { code: "NOT_FOUND", message: `${method} ${path}` } });
  };
  return { handle, rows, appends };
}

const records = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ inputs: { i }, outputs: `answer ${i}` }));

describe("evaluate() rows when the API fails", () => {
  it("sends rows in requests of at most 100, the last closing the run; a stored request answered 503 counts once", async () => {
    const api = fakeApi({ failAppend: (n) => (n === 1 ? "stored-then-503" : undefined) });
    const { client, calls } = scripted(PROJECT, api.handle);
    const result = await client.evaluate({
      data: records(250),
      scorers: [{ scorerId: "scr_1" }],
      pollIntervalMs: 50,
    });
    expect(result.rows).toHaveLength(250);
    expect(api.rows).toHaveLength(250);
    // The first request was stored but its answer lost (503); sent again under its number (the
    // second entry) it is answered as stored.
    expect(api.appends).toEqual([
      { size: 100, last: false, seq: 1 },
      { size: 100, last: false, seq: 1 },
      { size: 100, last: false, seq: 2 },
      { size: 50, last: true, seq: 3 },
    ]);
    expect(calls).not.toContain(`POST ${runs}/run_f/cancel`);
  });

  it("fails when the API refuses rows, and cancels the run", async () => {
    const api = fakeApi({
      failAppend: () =>
        json(422, { error: { code: "INVALID_INPUT", message: "records.3.inputs: too large" } }),
    });
    const { client, calls } = scripted(PROJECT, api.handle);
    const error = await rejection(client.evaluate({ data: records(10), scorers: [{ scorerId: "scr_1" }] }));
    expect(error).toMatchObject({ kind: "api_error", status: 422 });
    expect(error.message).toContain("records.3.inputs: too large");
    expect(api.appends).toHaveLength(1);
    expect(calls).toContain(`POST ${runs}/run_f/cancel`);
  });

  it("does not retry a predictFn's TypeError (a bug), and keeps it as the record's error", async () => {
    const api = fakeApi();
    const { client } = scripted(PROJECT, api.handle);
    let calls = 0;
    const result = await client.evaluate({
      data: [{ inputs: { q: 1 } }],
      predictFn: (inputs) => {
        calls++;
        return (inputs.missing as { x: string }).x;
      },
      scorers: [{ scorerId: "scr_1" }],
      retryDelayMs: 1,
      pollIntervalMs: 50,
    });
    expect(calls).toBe(1);
    expect(result.rows[0]?.error).toMatch(/^TypeError: Cannot read properties of undefined/);
    expect(api.rows[0]).toMatchObject({ inputs: { q: 1 }, error: expect.stringMatching(/^TypeError/) });
    expect(api.rows[0]?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
