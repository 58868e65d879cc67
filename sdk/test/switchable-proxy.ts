/**
 * A test tool, not a stand-in for Sightline: a small HTTP proxy in front of the real local stack
 * that logs every request (path, If-None-Match, the status it answered) and can be switched to
 * answer 503 itself, to drop connections (a network error), or to hold answers back for a while,
 * as an outage or a slow registry would.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode = "pass" | "503" | "drop";

export interface ProxiedRequest {
  method: string;
  /** Path and query, decoded (`/api/v1/projects/…/prompts/resolve?uri=prompts:/faq@production`). */
  path: string;
  ifNoneMatch: string | undefined;
  /** What the client got; undefined until answered (or for a dropped connection). */
  status: number | undefined;
}

export interface SwitchableProxy {
  url: string;
  mode: ProxyMode;
  /** Answers (passed, or 503) wait this long first. */
  delayMs: number;
  log: ProxiedRequest[];
  /** The logged prompt resolutions, as `uri` → statuses answered, in order. */
  resolves(uri: string): (number | undefined)[];
  close(): Promise<void>;
}

const HOP_HEADERS = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

async function bodyOf(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  // The API speaks JSON (and text for import chunks): passing the body on as text is enough.
  return chunks.length === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
}

export async function startSwitchableProxy(target: string): Promise<SwitchableProxy> {
  const proxy: SwitchableProxy = {
    url: "",
    mode: "pass",
    delayMs: 0,
    log: [],
    resolves: (uri) =>
      proxy.log
        .filter((r) => r.path.includes("/prompts/resolve?") && r.path.endsWith(`uri=${uri}`))
        .map((r) => r.status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer(async (req, res) => {
    const entry: ProxiedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(req.url ?? "/"),
      ifNoneMatch: req.headers["if-none-match"] as string | undefined,
      status: undefined,
    };
    proxy.log.push(entry);
    const body = await bodyOf(req);
    if (proxy.mode === "drop") {
      req.socket.destroy();
      return;
    }
    if (proxy.delayMs > 0) await new Promise((r) => setTimeout(r, proxy.delayMs));
    if (proxy.mode === "503") {
      entry.status = 503;
      res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
      res.end(JSON.stringify({ error: { code: "UNAVAILABLE", message: "switched off by the test proxy" } }));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (!HOP_HEADERS.has(name) && typeof value === "string") headers.set(name, value);
    try {
      const upstream = await fetch(`${target}${req.url}`, { method: entry.method, headers, body });
      const answer = Buffer.from(await upstream.arrayBuffer());
      const out: Record<string, string> = {};
      // fetch has already decoded the body, so its encoding and length headers no longer apply.
      upstream.headers.forEach((value, name) => {
        if (!HOP_HEADERS.has(name) && name !== "content-encoding") out[name] = value;
      });
      entry.status = upstream.status;
      res.writeHead(upstream.status, out);
      res.end(answer);
    } catch {
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
