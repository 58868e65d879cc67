/**
 * A scripted OpenAI-compatible HTTP server: the LLM that the SDK tests (sdk/test), the browser
 * tests' SDK check (tests/browser/ingest-clients.test.ts) and `npm run demo` call, started
 * in-process with `startOpenAIServer()`. Real HTTP, deterministic answers (an echo of the last
 * user message; token counts are word counts), and scripted rules that pick the content, tool
 * calls and usage (fixed, or computed from the request), or inject failures (an HTTP status with
 * Retry-After, a delay, a malformed JSON body, a stream cut mid-way). Every request is recorded.
 *
 *   node scripts/openai-server.ts --port 8090 [--host 127.0.0.1]
 *
 * A process without the server object (e.g. one that started it with the command above) can script
 * it over HTTP: `PUT /_control/rules[?apiKey=…]` with a JSON array of rules (declarative matchers
 * only; with `apiKey`, they replace only that key's rules),
 * `GET /_control/requests[?apiKey=…]`, `POST /_control/reset`. Only this server's own tests use
 * that today.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { isMain, stopOnSignals } from "./is-main.ts";

type Json = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** JSON text, or an object that is serialised. */
  arguments: string | Json;
}

/** What a matched rule answers. Unset fields fall back to the deterministic defaults. */
export interface Reply {
  /** Assistant text; `null` for none (typical with tool calls). Default: `echo: <last user message>`. */
  content?: string | null;
  toolCalls?: ScriptedToolCall[];
  /** Default "stop", or "tool_calls" when there are tool calls. */
  finishReason?: string;
  /** Overrides the word-count token usage. */
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Model named in the response; default the requested model. */
  model?: string;
  /** Embedding vectors to return, one per input (default: derived from a hash of each input). */
  embeddings?: number[][];
  /** Fail with this HTTP status and an OpenAI error body. */
  status?: number;
  error?: { message?: string; type?: string; code?: string | null };
  /** Retry-After header (seconds), typically with status 429 or 503. */
  retryAfter?: number;
  headers?: Record<string, string>;
  /** Waits this long before answering (timeout tests); the answer is dropped if the client leaves. */
  delayMs?: number;
  /** Answers 200 with a truncated JSON body (or, streaming, a broken `data:` line after one chunk). */
  malformed?: boolean;
  /** Streaming: destroys the connection after this many `data:` events. */
  cutStreamAfter?: number;
  /** Streaming: waits this long between events. */
  chunkDelayMs?: number;
  /** Answers exactly this JSON body (status 200 unless `status` is set). */
  json?: unknown;
  /** Chat completions: the model refuses (`message.refusal` set, no content). */
  refusal?: string;
}

/** Matchers are ANDed; rules are tried in order and the first match answers. */
export interface Rule {
  /** Exact request path, e.g. "/v1/chat/completions". Default: any path. */
  path?: string;
  /** The request body's `model`. */
  model?: string;
  /** The last user message (chat `messages`, Responses `input`, embeddings `input`) contains this. */
  lastUserMessageIncludes?: string;
  /** The request body's JSON text contains this (e.g. a phrase of a judge's system prompt). */
  bodyIncludes?: string;
  /** The bearer token, so tests sharing one server keep their rules apart. */
  apiKey?: string;
  /** Any predicate on the request (not available over the control API). */
  when?: (request: RecordedRequest) => boolean;
  /** Applies this many times, then is skipped. Default: unlimited. */
  times?: number;
  /**
   * What to answer, or a function of the request that says it (a judge deciding by the material
   * in its prompt; not available over the control API).
   */
  reply: Reply | ((request: RecordedRequest) => Reply);
}

export interface OpenAIServer {
  /** Base URL ending in /v1, for `new OpenAI({ baseURL })`. */
  url: string;
  port: number;
  /** Replaces the current rules. */
  script(rules: Rule[]): void;
  requests: RecordedRequest[];
  /** Clears rules and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_MODELS = ["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"];
const DEFAULT_EMBEDDING_DIMENSIONS = 8;

/** The token heuristic: one token per whitespace-separated word. */
export function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The deterministic embedding of a text: a unit vector derived from its SHA-256 hash. */
export function embeddingFor(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimensions; i += 2) {
      values.push((digest.readUInt16BE(i) / 0xffff) * 2 - 1);
    }
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((v) => Math.fround(v / norm));
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (part && typeof part === "object" && "text" in part ? String(part.text) : ""))
    .join("");
}

function lastUserText(path: string, body: Json): string {
  if (path.endsWith("/embeddings")) return embeddingInputs(body).at(-1) ?? "";
  const items = path.endsWith("/responses") ? body.input : body.messages;
  if (typeof items === "string") return items;
  if (!Array.isArray(items)) return "";
  const users = items.filter((m): m is Json => !!m && typeof m === "object" && m.role === "user");
  return textOf(users.at(-1)?.content);
}

function promptText(path: string, body: Json): string {
  const items = path.endsWith("/responses") ? [body.instructions, body.input] : body.messages;
  if (!Array.isArray(items)) return typeof items === "string" ? items : "";
  return items
    .flatMap((m) => (Array.isArray(m) ? m : [m]))
    .map((m) => (typeof m === "string" ? m : m && typeof m === "object" ? textOf(m.content) : ""))
    .join(" ");
}

function embeddingInputs(body: Json): string[] {
  const input = body.input;
  if (Array.isArray(input)) return input.map((i) => (typeof i === "string" ? i : JSON.stringify(i)));
  return [typeof input === "string" ? input : JSON.stringify(input ?? "")];
}

function bearer(headers: Record<string, string>): string | undefined {
  return headers.authorization?.replace(/^Bearer\s+/i, "");
}

function matches(rule: Rule, request: RecordedRequest): boolean {
  const body = (request.body && typeof request.body === "object" ? request.body : {}) as Json;
  if (rule.times !== undefined && rule.times <= 0) return false;
  if (rule.path !== undefined && rule.path !== request.path) return false;
  if (rule.model !== undefined && rule.model !== body.model) return false;
  if (rule.apiKey !== undefined && rule.apiKey !== bearer(request.headers)) return false;
  if (rule.bodyIncludes !== undefined && !JSON.stringify(request.body ?? "").includes(rule.bodyIncludes)) {
    return false;
  }
  if (
    rule.lastUserMessageIncludes !== undefined &&
    !lastUserText(request.path, body).includes(rule.lastUserMessageIncludes)
  ) {
    return false;
  }
  return rule.when ? rule.when(request) : true;
}

function sleep(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once("close", onClose);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, reply: Reply = {}) {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.retryAfter !== undefined) headers["retry-after"] = String(reply.retryAfter);
  const type = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  const error = {
    message: reply.error?.message ?? `scripted failure (HTTP ${status})`,
    type: reply.error?.type ?? type,
    param: null,
    code: reply.error?.code ?? null,
  };
  sendJson(res, status, { error }, headers);
}

interface Answer {
  id: string;
  created: number;
  model: string;
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: string;
  inputTokens: number;
  outputTokens: number;
  refusal: string | null;
}

function answerFor(path: string, body: Json, reply: Reply, seq: number): Answer {
  const content =
    reply.content !== undefined
      ? reply.content
      : reply.toolCalls
        ? null
        : `echo: ${lastUserText(path, body)}`;
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_${seq}_${i}`,
    name: call.name,
    arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
  }));
  const outputText = [content ?? "", ...toolCalls.map((c) => `${c.name} ${c.arguments}`)].join(" ");
  return {
    id: String(seq),
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? (typeof body.model === "string" ? body.model : "gpt-4o-mini"),
    content,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
    refusal: reply.refusal ?? null,
    inputTokens: reply.usage?.inputTokens ?? countTokens(promptText(path, body)),
    outputTokens: reply.usage?.outputTokens ?? countTokens(outputText),
  };
}

function chatUsage(a: Answer) {
  return {
    prompt_tokens: a.inputTokens,
    completion_tokens: a.outputTokens,
    total_tokens: a.inputTokens + a.outputTokens,
  };
}

function chatCompletion(a: Answer) {
  const message: Json = {
    role: "assistant",
    content: a.refusal === null ? a.content : null,
    refusal: a.refusal,
  };
  if (a.toolCalls.length > 0) {
    message.tool_calls = a.toolCalls.map((c) => ({
      id: c.id,
      type: "function",
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  return {
    id: `chatcmpl-${a.id}`,
    object: "chat.completion",
    created: a.created,
    model: a.model,
    system_fingerprint: null,
    choices: [{ index: 0, message, logprobs: null, finish_reason: a.finishReason }],
    usage: chatUsage(a),
  };
}

/** Content split into words (keeping the spaces), tool arguments into two halves. */
function chatChunks(a: Answer, includeUsage: boolean): Json[] {
  const base = {
    id: `chatcmpl-${a.id}`,
    object: "chat.completion.chunk",
    created: a.created,
    model: a.model,
  };
  const chunk = (delta: Json, finish: string | null = null): Json => ({
    ...base,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks = [chunk({ role: "assistant", content: a.content === null ? null : "" })];
  for (const piece of a.content?.match(/\S+\s*|\s+/g) ?? []) chunks.push(chunk({ content: piece }));
  a.toolCalls.forEach((call, index) => {
    const head = { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
    chunks.push(chunk({ tool_calls: [head] }));
    const half = Math.ceil(call.arguments.length / 2);
    for (const part of [call.arguments.slice(0, half), call.arguments.slice(half)]) {
      if (part) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  });
  chunks.push(chunk({}, a.finishReason));
  if (includeUsage) chunks.push({ ...base, system_fingerprint: null, choices: [], usage: chatUsage(a) });
  return chunks;
}

function responseObject(a: Answer, body: Json, status = "completed") {
  const output: Json[] = [];
  if (a.content !== null) {
    output.push({
      type: "message",
      id: `msg_${a.id}`,
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: a.content, annotations: [], logprobs: [] }],
    });
  }
  for (const call of a.toolCalls) {
    output.push({
      type: "function_call",
      id: `fc_${call.id}`,
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
      status: "completed",
    });
  }
  return {
    id: `resp_${a.id}`,
    object: "response",
    created_at: a.created,
    status,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    model: a.model,
    output: status === "completed" ? output : [],
    parallel_tool_calls: true,
    temperature: body.temperature ?? 1,
    top_p: body.top_p ?? 1,
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    metadata: body.metadata ?? {},
    usage:
      status === "completed"
        ? {
            input_tokens: a.inputTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: a.outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: a.inputTokens + a.outputTokens,
          }
        : null,
  };
}

/**
 * The Responses event stream as OpenAI sends it: created, then each output item opened
 * (`output_item.added`), filled (text or argument deltas) and closed (`…done`, `output_item.done`),
 * then completed. Clients such as the AI SDK build their text and tool calls from the item events.
 */
function responseEvents(a: Answer, body: Json): { event: string; data: Json }[] {
  const events: { event: string; data: Json }[] = [];
  const push = (type: string, data: Json) =>
    events.push({ event: type, data: { type, sequence_number: events.length, ...data } });
  push("response.created", { response: responseObject(a, body, "in_progress") });
  const items = responseObject(a, body).output as Json[];
  items.forEach((item, output_index) => {
    const item_id = item.id;
    if (item.type === "message") {
      const text = a.content ?? "";
      const part = { type: "output_text", text: "", annotations: [], logprobs: [] };
      push("response.output_item.added", {
        output_index,
        item: { ...item, status: "in_progress", content: [] },
      });
      push("response.content_part.added", { item_id, output_index, content_index: 0, part });
      for (const delta of text.match(/\S+\s*|\s+/g) ?? []) {
        push("response.output_text.delta", { item_id, output_index, content_index: 0, delta, logprobs: [] });
      }
      push("response.output_text.done", { item_id, output_index, content_index: 0, text, logprobs: [] });
      push("response.content_part.done", {
        item_id,
        output_index,
        content_index: 0,
        part: { ...part, text },
      });
    } else {
      const args = String(item.arguments);
      push("response.output_item.added", {
        output_index,
        item: { ...item, arguments: "", status: "in_progress" },
      });
      push("response.function_call_arguments.delta", { item_id, output_index, delta: args });
      push("response.function_call_arguments.done", { item_id, output_index, arguments: args });
    }
    push("response.output_item.done", { output_index, item });
  });
  push("response.completed", { response: responseObject(a, body) });
  return events;
}

async function sendStream(
  res: ServerResponse,
  events: { event?: string; data: unknown }[],
  reply: Reply,
): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...reply.headers });
  let sent = 0;
  for (const { event, data } of [...events, { data: "[DONE]" }]) {
    if (reply.cutStreamAfter !== undefined && sent >= reply.cutStreamAfter) {
      res.destroy();
      return;
    }
    if (reply.malformed && sent === 1) {
      res.end('data: {"id": "broken", "choices": [\n\n');
      return;
    }
    const text = typeof data === "string" ? data : JSON.stringify(data);
    // Waiting for each write to reach the socket makes a later cut happen mid-stream, not before it.
    await new Promise<void>((resolve) =>
      res.write(`${event ? `event: ${event}\n` : ""}data: ${text}\n\n`, () => resolve()),
    );
    sent++;
    if (reply.chunkDelayMs && !(await sleep(reply.chunkDelayMs, res))) return;
  }
  res.end();
}

function embeddingsResponse(body: Json, reply: Reply) {
  const inputs = embeddingInputs(body);
  const dimensions = typeof body.dimensions === "number" ? body.dimensions : DEFAULT_EMBEDDING_DIMENSIONS;
  const tokens = reply.usage?.inputTokens ?? inputs.reduce((n, text) => n + countTokens(text), 0);
  return {
    object: "list",
    model: reply.model ?? (typeof body.model === "string" ? body.model : "text-embedding-3-small"),
    data: inputs.map((text, index) => {
      const vector = reply.embeddings?.[index] ?? embeddingFor(text, dimensions);
      const embedding =
        body.encoding_format === "base64"
          ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
          : vector.map((v) => Math.fround(v));
      return { object: "embedding", index, embedding };
    }),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export async function startOpenAIServer(opts: { port?: number; host?: string } = {}): Promise<OpenAIServer> {
  const host = opts.host ?? "127.0.0.1";
  let rules: Rule[] = [];
  const requests: RecordedRequest[] = [];
  let seq = 0;

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, body: unknown) {
    if (req.method === "PUT" && path === "/_control/rules" && Array.isArray(body)) {
      // `?apiKey=…` replaces only that key's rules, so test files sharing one server run side by side.
      const apiKey = new URL(req.url ?? "/", "http://x").searchParams.get("apiKey");
      const added = (body as Rule[]).map((rule) => ({ ...rule, ...(apiKey ? { apiKey } : {}) }));
      rules = apiKey ? [...rules.filter((r) => r.apiKey !== apiKey), ...added] : added;
      return sendJson(res, 200, { rules: rules.length });
    }
    if (req.method === "GET" && path === "/_control/requests") {
      const apiKey = new URL(req.url ?? "/", "http://x").searchParams.get("apiKey");
      return sendJson(res, 200, {
        requests: apiKey ? requests.filter((r) => bearer(r.headers) === apiKey) : requests,
      });
    }
    if (req.method === "POST" && path === "/_control/reset") {
      server.reset();
      return sendJson(res, 200, { ok: true });
    }
    sendError(res, 404, { error: { message: `unknown control request ${req.method} ${path}` } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const raw = await readBody(req);
    const body = parseBody(raw);
    if (path.startsWith("/_control/")) return handleControl(req, res, path, body);

    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
    );
    const request: RecordedRequest = { method: req.method ?? "GET", path, headers, body };
    requests.push(request);
    const rule = rules.find((r) => matches(r, request));
    if (rule?.times !== undefined) rule.times--;
    const reply = typeof rule?.reply === "function" ? rule.reply(request) : (rule?.reply ?? {});
    if (reply.delayMs && !(await sleep(reply.delayMs, res))) return;
    if (reply.status !== undefined && reply.status >= 400) return sendError(res, reply.status, reply);
    if (reply.json !== undefined) return sendJson(res, reply.status ?? 200, reply.json, reply.headers);

    const route = `${req.method} ${path}`;
    if (route === "GET /v1/models") {
      const data = DEFAULT_MODELS.map((id) => ({
        id,
        object: "model",
        created: 0,
        owned_by: "sightline-test",
      }));
      return sendJson(res, 200, { object: "list", data }, reply.headers);
    }
    const known = ["POST /v1/chat/completions", "POST /v1/responses", "POST /v1/embeddings"];
    if (!known.includes(route)) return sendError(res, 404, { error: { message: `no route ${route}` } });
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      return sendError(res, 400, { error: { message: "the body must be a JSON object" } });
    }
    const json = body as Json;
    if (reply.malformed && json.stream !== true) {
      res.writeHead(200, { "content-type": "application/json", ...reply.headers });
      res.end('{"id": "malformed", "choices": [{"index": 0, "message": ');
      return;
    }

    const answer = answerFor(path, json, reply, ++seq);
    if (path === "/v1/embeddings") return sendJson(res, 200, embeddingsResponse(json, reply), reply.headers);
    if (path === "/v1/responses") {
      if (json.stream === true) return sendStream(res, responseEvents(answer, json), reply);
      return sendJson(res, 200, responseObject(answer, json), reply.headers);
    }
    if (json.stream === true) {
      const options = json.stream_options as Json | undefined;
      const chunks = chatChunks(answer, options?.include_usage === true);
      return sendStream(
        res,
        chunks.map((data) => ({ data })),
        reply,
      );
    }
    sendJson(res, 200, chatCompletion(answer), reply.headers);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, { error: { message: String(error) } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;

  const server: OpenAIServer = {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/v1`,
    port,
    script(next) {
      // Copies, so `times` counts down on our copy and the caller's rules stay reusable.
      rules = next.map((rule) => ({ ...rule }));
    },
    requests,
    reset() {
      rules = [];
      requests.length = 0;
    },
    close() {
      return new Promise((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
      });
    },
  };
  return server;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "8090" }, host: { type: "string", default: "127.0.0.1" } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer between 0 and 65535, got ${values.port}`);
  }
  const server = await startOpenAIServer({ port, host: values.host });
  console.log(server.url);
  stopOnSignals(() => server.close());
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
