/**
 * A local libSQL server speaking Hrana over HTTP, version 2, JSON encoding (the protocol Turso
 * serves to `@libsql/client/web`): `GET /v2`, `POST /v2/pipeline`, plus `GET /health`.
 *
 * Streams: a pipeline with `baton: null` opens a stream with its own connection; every response
 * carries a fresh, random baton naming it, until the stream is closed by a `close` request or by
 * inactivity (`idleTimeoutMs`; an open transaction is rolled back).
 *
 * Concurrency: every pipeline runs under one async lock, and a stream left inside a transaction
 * keeps the lock until a later request ends the transaction (or the stream closes or expires), so
 * no connection ever waits for a SQLite lock while the event loop is blocked.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import { ConnectionPool } from "./connections.ts";
import { executeRequest, type StreamContext } from "./executor.ts";
import { OwnerLock } from "./lock.ts";
import {
  type PipelineRequest,
  type PipelineResponse,
  pipelineRequestSchema,
  type StreamResult,
} from "./protocol.ts";

export type LibsqlServerOptions = {
  /** Database file; created (with its parent directory) if missing. */
  file: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** When set, requests must send `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Streams idle for longer are rolled back and closed (default 10 s). */
  idleTimeoutMs?: number;
};

export type LibsqlServer = { url: string; port: number; close(): Promise<void> };

const MAX_BODY_BYTES = 64 * 1024 * 1024;

type Stream = {
  /** Connection and stream-scoped state, set up by the first request that needs the database. */
  ctx: StreamContext | undefined;
  baton: string | undefined;
  timer: NodeJS.Timeout | undefined;
  closed: boolean;
};

class HttpError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(status: number, message: string, code?: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function startLibsqlServer(opts: LibsqlServerOptions): Promise<LibsqlServer> {
  const pool = new ConnectionPool(resolve(opts.file));
  const lock = new OwnerLock<Stream>();
  const streams = new Map<string, Stream>();
  const idleTimeoutMs = opts.idleTimeoutMs ?? 10_000;
  let closing = false;

  function closeStream(stream: Stream): void {
    if (stream.closed) return;
    stream.closed = true;
    clearTimeout(stream.timer);
    if (stream.baton !== undefined) streams.delete(stream.baton);
    if (stream.ctx !== undefined) pool.give(stream.ctx.db); // rolls back an open transaction
    stream.ctx = undefined;
    lock.release(stream);
  }

  function takeStream(baton: string | null | undefined): Stream {
    if (baton === null || baton === undefined) {
      return { ctx: undefined, baton: undefined, timer: undefined, closed: false };
    }
    const stream = streams.get(baton);
    if (stream === undefined) {
      throw new HttpError(
        400,
        "The baton is unknown, or its stream has expired or was closed",
        "STREAM_EXPIRED",
      );
    }
    // Each baton is good for exactly one request.
    streams.delete(baton);
    stream.baton = undefined;
    clearTimeout(stream.timer);
    return stream;
  }

  function runRequest(stream: Stream, request: PipelineRequest["requests"][number]): StreamResult {
    if (stream.closed) {
      return { type: "error", error: { message: "The stream has been closed", code: "STREAM_CLOSED" } };
    }
    if (request.type === "close") {
      closeStream(stream);
      return { type: "ok", response: { type: "close" } };
    }
    try {
      stream.ctx ??= { db: pool.take(), sqls: new Map(), readOnlyTransaction: false };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        type: "error",
        error: { message: `Cannot open the database: ${message}`, code: "SQLITE_CANTOPEN" },
      };
    }
    return executeRequest(stream.ctx, request);
  }

  async function pipeline(body: PipelineRequest): Promise<PipelineResponse> {
    const stream = takeStream(body.baton);
    try {
      await lock.acquire(stream);
    } catch {
      closeStream(stream);
      throw new HttpError(503, "The server is shutting down");
    }
    try {
      const results = body.requests.map((request) => runRequest(stream, request));
      if (closing) closeStream(stream);
      if (stream.closed) return { baton: null, base_url: null, results };
      if (!stream.ctx?.db.inTransaction) lock.release(stream);
      const baton = randomBytes(24).toString("base64url");
      stream.baton = baton;
      streams.set(baton, stream);
      stream.timer = setTimeout(() => closeStream(stream), idleTimeoutMs);
      stream.timer.unref();
      return { baton, base_url: null, results };
    } catch (error) {
      closeStream(stream);
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const allowed =
      path === "/v2/pipeline" ? "POST" : path === "/v2" || path === "/health" ? "GET" : undefined;
    if (allowed === undefined) throw new HttpError(404, `Not found: ${path}`);
    if (req.method !== allowed && !(allowed === "GET" && req.method === "HEAD")) {
      res.setHeader("allow", allowed === "GET" ? "GET, HEAD" : allowed);
      throw new HttpError(405, `Method ${req.method} is not allowed on ${path}`);
    }
    if (path === "/health") return send(res, 200, { status: "ok" });
    checkAuth(req, opts.authToken);
    if (path === "/v2") return send(res, 200, undefined);
    if (closing) throw new HttpError(503, "The server is shutting down");
    const body = parseBody(await readBody(req));
    send(res, 200, await pipeline(body));
  }

  const server = createServer((req, res) => {
    if (closing) res.setHeader("connection", "close");
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        send(res, error.status, { message: error.message, ...(error.code ? { code: error.code } : {}) });
      } else {
        console.error("libsql server: internal error", error);
        send(res, 500, { message: error instanceof Error ? error.message : "Internal server error" });
      }
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", rejectListen);
      resolveListen();
    });
  }).catch((error: unknown) => {
    pool.closeAll();
    throw error;
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closed ??= new Promise<void>((resolveClose) => {
        closing = true;
        lock.rejectWaiters(new Error("server closing"));
        for (const stream of [...streams.values()]) closeStream(stream);
        const force = setTimeout(() => server.closeAllConnections(), 2000);
        server.close(() => {
          clearTimeout(force);
          pool.closeAll();
          resolveClose();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}

function checkAuth(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined) return;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(req.headers.authorization ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(401, "Missing or invalid authorization token", "AUTH_FAILED");
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string): PipelineRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      `Request body is not valid JSON: ${error instanceof Error ? error.message : error}`,
    );
  }
  const parsed = pipelineRequestSchema.safeParse(json);
  if (!parsed.success) throw new HttpError(400, `Invalid pipeline request: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = body === undefined ? "" : JSON.stringify(body);
  // Exactly "application/json": the client only parses error bodies with this content type.
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
