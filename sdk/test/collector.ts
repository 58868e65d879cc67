/**
 * A test peer standing in for Sightline's OTLP endpoint: records every POST /v1/traces and answers
 * from a script (status, headers, body, delay), 200 `{}` by default.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { OtlpExportRequest } from "../src/index.ts";

export interface CollectorReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

export interface CollectedRequest {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: OtlpExportRequest;
}

/** A span as tests want to read it: attributes decoded to plain values. */
export interface DecodedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
  status: { code: number; message?: string };
}

export interface Collector {
  /** Base URL to pass as `baseUrl` (no trailing slash). */
  baseUrl: string;
  requests: CollectedRequest[];
  /** Queues replies for the next requests, in order. */
  reply(...replies: CollectorReply[]): void;
  spans(): DecodedSpan[];
  span(name: string): DecodedSpan;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

type AnyValue = Record<string, unknown>;

export function decodeValue(value: AnyValue): unknown {
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return Number(value.doubleValue);
  if ("arrayValue" in value) {
    return ((value.arrayValue as { values: AnyValue[] }).values ?? []).map(decodeValue);
  }
  throw new Error(`unexpected OTLP value ${JSON.stringify(value)}`);
}

export function decodeAttributes(list: { key: string; value: AnyValue }[]): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, decodeValue(value)]));
}

export async function startCollector(): Promise<Collector> {
  const requests: CollectedRequest[] = [];
  const replies: CollectorReply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      requests.push({
        at: Date.now(),
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: JSON.parse(text || "{}") as OtlpExportRequest,
      });
      const reply = replies.shift() ?? {};
      const answer = () => {
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body ?? "{}");
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const spans = (): DecodedSpan[] =>
    requests.flatMap((r) =>
      r.body.resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((ss) =>
          ss.spans.map((s) => ({
            name: s.name,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId,
            kind: s.kind,
            startTimeUnixNano: s.startTimeUnixNano,
            endTimeUnixNano: s.endTimeUnixNano,
            attributes: decodeAttributes(s.attributes as { key: string; value: AnyValue }[]),
            events: s.events.map((e) => ({
              name: e.name,
              timeUnixNano: e.timeUnixNano,
              attributes: decodeAttributes(e.attributes as { key: string; value: AnyValue }[]),
            })),
            status: s.status,
          })),
        ),
      ),
    );

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    reply: (...next) => {
      replies.push(...next);
    },
    spans,
    span(name) {
      const found = spans().filter((s) => s.name === name);
      if (found.length !== 1) throw new Error(`expected one span named ${name}, found ${found.length}`);
      return found[0] as DecodedSpan;
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error("timed out waiting for the collector");
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
