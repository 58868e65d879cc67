import { describe, expect, it } from "vitest";
import type { ChunkResult, DatasetImport } from "../../api/datasets";
import { ApiError } from "../../api/errors";
import { prepareFile } from "./importFile";
import {
  backoffMs,
  type ImportProgress,
  type ImportTransport,
  isRetryable,
  type RunImportOptions,
  runImport,
} from "./importRunner";

const session = (patch: Partial<DatasetImport> = {}): DatasetImport => ({
  id: "imp_1",
  status: "open",
  format: "jsonl",
  fileName: "f.jsonl",
  chunks: 0,
  accepted: 0,
  rejected: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  version: null,
  errors: [],
  createdAt: "2025-01-01T00:00:00Z",
  committedAt: null,
  total: null,
  ...patch,
});

/** A scripted server: `failures[seq]` errors thrown before the chunk is answered. */
function fakeServer(failures: Record<number, ApiError[]> = {}) {
  const calls: string[] = [];
  const transport: ImportTransport = {
    open: async (input) => {
      calls.push(`open ${input.format}`);
      return session();
    },
    put: async (_id, chunk) => {
      calls.push(`put ${chunk.seq}@${chunk.firstLine}`);
      const error = failures[chunk.seq]?.shift();
      if (error) throw error;
      const bad = chunk.text.split("\n").filter((line) => line.includes("bad")).length;
      return {
        seq: chunk.seq,
        accepted: chunk.rows - bad,
        rejected: bad,
        inserted: 0,
        updated: 0,
        unchanged: 0,
      } satisfies ChunkResult;
    },
    commit: async () => {
      calls.push("commit");
      return session({ status: "committed", version: 1 });
    },
    get: async () =>
      session({
        status: "committed",
        version: 1,
        accepted: 4,
        rejected: 1,
        errors: [{ line: 3, reason: "inputs: Required" }],
      }),
    abort: async () => {
      calls.push("abort");
    },
  };
  return { transport, calls };
}

const file = () =>
  prepareFile(
    new Blob(['{"inputs":{"a":1}}\n{"inputs":{"a":2}}\nbad\n{"inputs":{"a":4}}\n{"inputs":{"a":5}}\n']),
    "jsonl",
    () => [],
    {
      rows: 2,
      bytes: 1e6,
    },
  );
const serverError = (status: number) =>
  new ApiError({ status, code: `http_${status}`, message: `HTTP ${status}` });

/** Runs the import of `file()` over `transport`, with `options` over quiet defaults. */
const importWith = async (transport: ImportTransport, options: Partial<RunImportOptions> = {}) =>
  runImport({
    transport,
    file: await file(),
    fileName: "f.jsonl",
    signal: new AbortController().signal,
    onProgress: () => undefined,
    onStuck: async () => false,
    sleep: async () => undefined,
    ...options,
  });

describe("runImport", () => {
  it("opens, sends each chunk in order with its first line, commits and reports the rejected rows", async () => {
    const { transport, calls } = fakeServer();
    const seen: ImportProgress[] = [];
    const outcome = await importWith(transport, {
      onProgress: (progress) => seen.push(progress),
      onStuck: async () => false,
    });
    expect(calls).toEqual(["open jsonl", "put 0@1", "put 1@3", "put 2@5", "commit"]);
    expect(outcome.rejected).toEqual([{ line: 3, reason: "inputs: Required" }]);
    const sending = seen
      .filter((progress) => progress.phase === "sending")
      .map((p) => [p.linesSent, p.accepted, p.rejected]);
    expect(sending).toEqual([
      [0, 0, 0],
      [2, 2, 0],
      [4, 3, 1],
      [5, 4, 1],
    ]);
    expect(seen.at(-1)?.phase).toBe("done");
  });

  it("sends a chunk again after a network error or a 503, then goes on", async () => {
    const { transport, calls } = fakeServer({ 1: [serverError(0), serverError(503)] });
    const waits: number[] = [];
    await importWith(transport, {
      onProgress: () => undefined,
      onStuck: async () => false,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(calls).toEqual(["open jsonl", "put 0@1", "put 1@3", "put 1@3", "put 1@3", "put 2@5", "commit"]);
    expect(waits).toEqual([500, 1000]);
  });

  it("asks the user when retries run out, and aborts the session when they give up", async () => {
    const { transport, calls } = fakeServer({ 1: [serverError(500), serverError(500)] });
    const stuck: string[] = [];
    const outcome = await importWith(transport, {
      onProgress: (progress) =>
        progress.stuck && stuck.push(`${progress.stuck.seq}: ${progress.stuck.message}`),
      onStuck: async () => false,
      retries: 1,
      sleep: async () => undefined,
    });
    expect(stuck).toEqual(["1: HTTP 500"]);
    expect(calls).toEqual(["open jsonl", "put 0@1", "put 1@3", "put 1@3", "abort"]);
    expect(outcome.session).toBeNull();
  });

  it("does not retry a refusal (4xx) but lets the user try again", async () => {
    const { transport, calls } = fakeServer({ 0: [serverError(409)] });
    let asked = 0;
    await importWith(transport, {
      onProgress: () => undefined,
      onStuck: async () => ++asked === 1,
      sleep: async () => undefined,
    });
    expect(asked).toBe(1);
    expect(calls.slice(0, 3)).toEqual(["open jsonl", "put 0@1", "put 0@1"]);
    expect(calls.at(-1)).toBe("commit");
  });

  it("stops and aborts the session when the user aborts", async () => {
    const { transport, calls } = fakeServer();
    const controller = new AbortController();
    const put: ImportTransport["put"] = async (id, chunk, signal) => {
      const result = await transport.put(id, chunk, signal);
      controller.abort();
      return result;
    };
    await importWith({ ...transport, put }, { signal: controller.signal });
    expect(calls).toEqual(["open jsonl", "put 0@1", "abort"]);
  });

  it("knows what is worth retrying and how long to wait", () => {
    expect(
      [0, 408, 429, 500, 503, 400, 409, 413, 422].map((status) => isRetryable(serverError(status))),
    ).toEqual([true, true, true, true, true, false, false, false, false]);
    expect(isRetryable(new ApiError({ status: 0, code: "aborted", message: "" }))).toBe(false);
    const limited = new ApiError({
      status: 429,
      code: "http_429",
      message: "",
      headers: new Headers({ "retry-after": "3" }),
    });
    expect([backoffMs(1, serverError(500)), backoffMs(3, serverError(500)), backoffMs(1, limited)]).toEqual([
      500, 2000, 3000,
    ]);
  });
});
