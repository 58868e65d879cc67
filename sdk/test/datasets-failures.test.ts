/**
 * How the datasets calls behave when the API fails them, which the real stack cannot be made to
 * do on demand: a chunk retried after no answer or a 5xx (same seq), a session aborted when a
 * chunk is refused or the caller aborts, a from-traces job that was aborted or runs too long, and
 * an export that breaks off. Requests go to a scripted `fetch` given to the client.
 */
import { describe, expect, it } from "vitest";
import { rejection } from "./rejection.ts";
import { type Handler, json, scripted as scriptedFetch } from "./scripted-fetch.ts";

const PROJECT = "prj_f";
const DATASET = "ds_f";
const base = `/api/v1/projects/${PROJECT}/datasets/${DATASET}`;

const session = (over: Record<string, unknown> = {}) => ({
  id: "imp_1",
  status: "open",
  format: "jsonl",
  fileName: "",
  chunks: 0,
  total: null,
  accepted: 0,
  rejected: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  version: null,
  errors: [],
  createdAt: "2026-01-01T00:00:00.000Z",
  committedAt: null,
  ...over,
});

const scripted = (handle: Handler) => scriptedFetch(PROJECT, handle);

const FILE = `${['{"inputs":{"q":1}}', '{"inputs":{"q":2}}', '{"inputs":{"q":3}}'].join("\n")}\n`;

describe("import sessions when the API fails", () => {
  it("sends a chunk again (same seq) after no answer or a 503, then commits", async () => {
    let attempts = 0;
    const { client, calls } = scripted((method, path) => {
      if (method === "POST" && path === `${base}/imports`) return json(201, session());
      if (method === "PUT") {
        attempts++;
        if (attempts === 1) throw new TypeError("fetch failed");
        if (attempts === 2) return json(503, { error: { code: "UNAVAILABLE", message: "try again" } });
        return json(200, { seq: 0, accepted: 3, rejected: 0, inserted: 3, updated: 0, unchanged: 0 });
      }
      if (path.endsWith("/commit"))
        return json(200, session({ status: "committed", accepted: 3, inserted: 3, version: 1 }));
      return json(404, {});
    });
    const report = await client.datasets.importFile({ text: FILE }, { dataset: DATASET, format: "jsonl" });
    expect(report).toMatchObject({ version: 1, accepted: 3, rejected: 0, rows: 3 });
    expect(calls).toEqual([
      `POST ${base}/imports`,
      `PUT ${base}/imports/imp_1/chunks/0?firstLine=1`,
      `PUT ${base}/imports/imp_1/chunks/0?firstLine=1`,
      `PUT ${base}/imports/imp_1/chunks/0?firstLine=1`,
      `POST ${base}/imports/imp_1/commit`,
    ]);
  }, 10_000);

  it("aborts the session when a chunk is refused (not retried), or retries run out", async () => {
    for (const [answer, retries, puts] of [
      [json(422, { error: { code: "INVALID_INPUT", message: "Invalid chunk: no" } }), 4, 1],
      [json(500, { error: { code: "INTERNAL", message: "boom" } }), 1, 2],
    ] as const) {
      const { client, calls } = scripted((method, path) => {
        if (method === "POST" && path === `${base}/imports`) return json(201, session());
        if (method === "PUT") return answer.clone();
        if (method === "DELETE") return new Response(null, { status: 204 });
        return json(404, {});
      });
      const error = await rejection(
        client.datasets.importFile({ text: FILE }, { dataset: DATASET, format: "jsonl", retries }),
      );
      expect(error.kind).toBe("api_error");
      expect(calls.filter((c) => c.startsWith("PUT"))).toHaveLength(puts);
      expect(calls.at(-1)).toBe(`DELETE ${base}/imports/imp_1`);
    }
  }, 10_000);

  it("stops before the next chunk when the signal aborts, and drops the session", async () => {
    const stop = new AbortController();
    const { client, calls } = scripted((method, path) => {
      if (method === "POST" && path === `${base}/imports`) return json(201, session());
      if (method === "PUT") {
        stop.abort();
        return json(200, { seq: 0, accepted: 1, rejected: 0, inserted: 1, updated: 0, unchanged: 0 });
      }
      if (method === "DELETE") return new Response(null, { status: 204 });
      return json(404, {});
    });
    const error = await rejection(
      client.datasets.importFile(
        { text: FILE },
        { dataset: DATASET, format: "jsonl", chunkRows: 1, signal: stop.signal },
      ),
    );
    expect(error.message).toContain("was aborted: the import session was dropped");
    expect(calls.filter((c) => c.startsWith("PUT"))).toHaveLength(1);
    expect(calls.at(-1)).toBe(`DELETE ${base}/imports/imp_1`);
  });
});

describe("fromTraces when the job does not commit", () => {
  const TRACE = "5b8efff798038103d269b633813fc60c";

  it("rejects when the job was aborted, naming its first error", async () => {
    let polls = 0;
    const { client } = scripted((method) => {
      if (method === "POST") return json(202, session({ format: "traces" }));
      polls++;
      return json(
        200,
        polls < 2
          ? session({ format: "traces", status: "committing" })
          : session({ format: "traces", status: "aborted", errors: [{ line: 1, reason: "trace gone" }] }),
      );
    });
    const error = await rejection(
      client.datasets.fromTraces({ datasetId: DATASET, traceIds: [TRACE], pollIntervalMs: 1 }),
    );
    expect(error).toMatchObject({ kind: "request_failed" });
    expect(error.message).toContain("the job imp_1 was aborted: trace gone");
  });

  it("rejects when the job is still running after timeoutMs, saying how to follow it", async () => {
    const { client } = scripted(() => json(200, session({ format: "traces", accepted: 5 })));
    const error = await rejection(
      client.datasets.fromTraces({
        datasetId: DATASET,
        filter: { name: "agent" },
        pollIntervalMs: 5,
        timeoutMs: 30,
      }),
    );
    expect(error.message).toContain(
      "is still running after 30 ms (5 traces so far); follow it with getImport",
    );
  });
});

describe("export", () => {
  it("errors the stream with request_failed when the answer breaks off, naming how far it got", async () => {
    const { client } = scripted(() => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(new TextEncoder().encode('{"id":"dsr_1"}\n'));
          } else controller.error(new TypeError("terminated", { cause: new Error("other side closed") }));
        },
      });
      return new Response(body, { status: 200 });
    });
    const stream = await client.datasets.export({ datasetId: DATASET });
    const error = await rejection(new Response(stream).text());
    expect(error.kind).toBe("request_failed");
    expect(error.message).toMatch(
      /datasets\.export\(\) failed: GET .*\/export\?format=jsonl: the answer broke off after 15 bytes \(other side closed\)/,
    );
  });

  it("answers an error status before the stream as api_error", async () => {
    const { client } = scripted(() =>
      json(404, { error: { code: "NOT_FOUND", message: "Dataset not found" } }),
    );
    const error = await rejection(client.datasets.export({ datasetId: DATASET, version: 3, format: "csv" }));
    expect(error).toMatchObject({ kind: "api_error", status: 404, code: "NOT_FOUND" });
  });
});
