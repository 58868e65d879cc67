/**
 * A webhook receiver for tests, the demo and the webhooks benchmark: records every request and
 * answers what its path says, so a test in workerd scripts it with nothing but the URL it gives an
 * endpoint.
 *
 *   POST /hooks/<name>/<statuses>   answers the n-th request to <name> with the n-th status of the
 *                                   comma-separated list (the last one repeats): `500,200` fails
 *                                   once, then succeeds. A 3xx answers with a Location elsewhere.
 *   GET  /received/<name>           the requests <name> got, oldest first, as JSON:
 *                                   [{ path, headers, body (raw text), status, at (ms) }]
 *
 *   node scripts/webhook-receiver.ts --port 8091
 *
 * Run as a command it prints a line per request (the `webhook-id`, and the event's type when the
 * body is a Standard Webhooks event): a receiver for the demo's alerts.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { isMain, stopOnSignals } from "./is-main.ts";

export type ReceivedRequest = {
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  /** When the body had arrived, ms since the epoch. */
  at: number;
};

export type WebhookReceiver = {
  url: string;
  port: number;
  received: Map<string, ReceivedRequest[]>;
  close(): Promise<void>;
};

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startWebhookReceiver(
  opts: { port?: number; host?: string; onRequest?: (name: string, request: ReceivedRequest) => void } = {},
): Promise<WebhookReceiver> {
  const received = new Map<string, ReceivedRequest[]>();
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const [, kind, name = "", statuses = "200"] = path.split("/");
    if (req.method === "GET" && kind === "received") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(received.get(name) ?? []));
      return;
    }
    if (req.method !== "POST" || kind !== "hooks" || !name) {
      res.writeHead(404).end();
      return;
    }
    readText(req).then((body) => {
      const list = received.get(name) ?? [];
      const plan = statuses.split(",").map(Number);
      const status = plan[Math.min(list.length, plan.length - 1)] ?? 200;
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      );
      const request = { path, headers, body, status, at: Date.now() };
      list.push(request);
      opts.onRequest?.(name, request);
      received.set(name, list);
      const extra: Record<string, string> =
        status >= 300 && status < 400 ? { location: "http://127.0.0.1:1/elsewhere" } : {};
      res.writeHead(status, { "content-type": "text/plain", ...extra });
      res.end(`answered ${status} to request ${list.length} of ${name}`);
    });
  });
  await new Promise<void>((resolve) => http.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8091" } } });
  const typeOf = (body: string) => {
    try {
      return String((JSON.parse(body) as { type?: unknown }).type ?? "");
    } catch {
      return "";
    }
  };
  const onRequest = (name: string, r: ReceivedRequest) =>
    console.log(
      `${new Date(r.at).toISOString()} ${name} → ${r.status} ${r.headers["webhook-id"] ?? ""} ${typeOf(r.body)}`,
    );
  startWebhookReceiver({ port: Number(values.port), onRequest }).then((receiver) => {
    console.log(receiver.url);
    stopOnSignals(() => receiver.close());
  });
}
