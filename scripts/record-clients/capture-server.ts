/**
 * A stand-in OTLP endpoint for recording: accepts a POST on any path (`/v1/traces`, `/v1/logs`,
 * `/api/public/otel/v1/traces`, …), answers 200 with an empty export response in the request's
 * encoding, and keeps each request's raw body exactly as it arrived (still compressed, if it was),
 * so a fixture replays byte for byte what the library sent.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface CapturedRequest {
  method: string;
  /** Path with its query string, e.g. "/v1/traces". */
  path: string;
  /** The headers that matter for ingest: content type and encoding, authorization, x-*. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface CaptureServer {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:4318". */
  url: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

/** Keeps what an ingest endpoint reads; drops transport noise (host, content-length, user-agent …). */
export function headersThatMatter(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const wanted =
      name === "content-type" ||
      name === "content-encoding" ||
      name === "authorization" ||
      name.startsWith("x-");
    if (wanted && value !== undefined) kept[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return kept;
}

export async function startCaptureServer(opts: { host?: string } = {}): Promise<CaptureServer> {
  const host = opts.host ?? "127.0.0.1";
  const requests: CapturedRequest[] = [];
  const http = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" });
      res.end();
      return;
    }
    const headers = headersThatMatter(req.headers);
    requests.push({ method: req.method, path: req.url ?? "/", headers, body: Buffer.concat(chunks) });
    // An empty ExportTrace/LogsServiceResponse: zero bytes in protobuf, `{}` in JSON.
    if (headers["content-type"]?.includes("protobuf")) {
      res.writeHead(200, { "content-type": "application/x-protobuf" });
      res.end();
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
      }),
  };
}
