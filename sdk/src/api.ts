/**
 * Calls to Sightline's REST API (`{baseUrl}/api/v1/…`) for the calls a user awaits: feedback,
 * expectations and assessments. Unlike span export, nothing here is queued, retried or reported to
 * onError: every failure rejects the caller's promise with a SightlineError, because the caller
 * is waiting for the answer. Nothing is retried either, since a POST whose first attempt did reach
 * the server before the connection broke would store the feedback twice; the caller, who knows
 * whether a duplicate matters, decides. Only fetch, timers and AbortController are used, so it runs
 * in Node and in Workers.
 */
import { SightlineError } from "./errors.ts";

export interface ApiConfig {
  /** Sightline's address, without a trailing slash. */
  baseUrl: string;
  apiKey: string;
  /** The key's project, when the options named it; otherwise asked from whoami. */
  projectId: string | undefined;
  fetch: typeof fetch;
  /** One request (answer body included) is abandoned after this long. */
  timeoutMs: number;
}

/** The API's error body: `{ error: { code, message, requestId } }`. */
interface ErrorBody {
  error?: { code?: unknown; message?: unknown; requestId?: unknown };
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

export class ApiClient {
  readonly #config: ApiConfig;
  #projectId: Promise<string> | undefined;

  constructor(config: ApiConfig) {
    this.#config = config;
    if (config.projectId !== undefined) this.#projectId = Promise.resolve(config.projectId);
  }

  /** Sightline's address, without a trailing slash (for links to the dashboard). */
  get baseUrl(): string {
    return this.#config.baseUrl;
  }

  /**
   * The key's project id: from the options, or asked once from `GET /api/v1/whoami` (an API key
   * belongs to exactly one project). Concurrent first calls share one lookup; a failed lookup is
   * not kept, so the next call asks again (a network blip must not break the client for good).
   */
  projectId(call: string): Promise<string> {
    if (this.#projectId === undefined) {
      const lookup = this.#whoami(call);
      this.#projectId = lookup;
      lookup.catch(() => {
        if (this.#projectId === lookup) this.#projectId = undefined;
      });
    }
    return this.#projectId;
  }

  async #whoami(call: string): Promise<string> {
    const answer = (await this.request(
      `${call} (finding the API key's project)`,
      "GET",
      "/api/v1/whoami",
    )) as {
      type?: unknown;
      projects?: { id?: unknown }[];
    } | null;
    const projects = Array.isArray(answer?.projects) ? answer.projects : [];
    const id = text(projects[0]?.id);
    if (projects.length === 1 && id !== undefined) return id;
    if (projects.length > 1) {
      throw new SightlineError(
        "invalid_options",
        `${call} failed: this credential reaches ${projects.length} projects; pass projectId to init()`,
      );
    }
    throw new SightlineError(
      "request_failed",
      `${call} failed: GET /api/v1/whoami named no project for this API key; pass projectId to init()`,
    );
  }

  /** A request below `/api/v1/projects/{projectId}`; see request(). */
  async inProject(
    call: string,
    method: string,
    path: string,
    body?: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<unknown> {
    return this.request(call, method, await this.#inProject(call, path), body, options);
  }

  /** A request below the project whose body is text sent as it is (a chunk of a file). */
  async inProjectText(
    call: string,
    method: string,
    path: string,
    text: string,
    timeoutMs?: number,
  ): Promise<unknown> {
    return this.send(call, method, await this.#inProject(call, path), {
      payload: text,
      contentType: "text/plain; charset=utf-8",
      timeoutMs,
    });
  }

  async #inProject(call: string, path: string): Promise<string> {
    return `/api/v1/projects/${encodeURIComponent(await this.projectId(call))}${path}`;
  }

  /**
   * Sends one request and returns the parsed JSON answer (undefined for an empty one, as 204).
   * Rejects with `api_error` when the API answers with an error status (its code, message and
   * request id copied over), `request_failed` when there is no usable answer, and
   * `invalid_input` when `body` cannot be written as JSON. `call` names the SDK call in messages.
   */
  async request(
    call: string,
    method: string,
    path: string,
    body?: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<unknown> {
    let payload: string | undefined;
    try {
      payload = body === undefined ? undefined : JSON.stringify(body);
    } catch (error) {
      throw new SightlineError(
        "invalid_input",
        `${call}: the request cannot be written as JSON (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
    return this.send(call, method, path, { payload, timeoutMs: options.timeoutMs });
  }

  /**
   * Sends `payload` as it is (a chunk of a file, say) with its content type, and reads the JSON
   * answer as request() does; `timeoutMs` replaces the client's request timeout for this call.
   */
  async send(call: string, method: string, path: string, options: SendOptions): Promise<unknown> {
    const attempt = await this.#fetch(call, method, path, options);
    return this.#read(call, method, path, attempt);
  }

  /**
   * A GET below the project that may be answered `304 Not Modified` (a prompt alias revalidated
   * with the ETag of the copy the caller holds): `{ notModified: true }`, or the JSON answer with
   * its ETag. Errors as send().
   */
  async conditionalGet(
    call: string,
    path: string,
    etag: string | undefined,
  ): Promise<{ notModified: true } | { notModified: false; body: unknown; etag: string | undefined }> {
    const full = await this.#inProject(call, path);
    const headers = etag === undefined ? undefined : { "if-none-match": etag };
    const attempt = await this.#fetch(call, "GET", full, { headers });
    if (attempt.response.status === 304) {
      attempt.done();
      await attempt.response.body?.cancel().catch(() => undefined);
      return { notModified: true };
    }
    const body = await this.#read(call, "GET", full, attempt);
    return { notModified: false, body, etag: attempt.response.headers.get("etag") ?? undefined };
  }

  async #read(call: string, method: string, path: string, attempt: FetchAttempt): Promise<unknown> {
    let answer: string;
    try {
      answer = await attempt.response.text();
    } catch (error) {
      throw attempt.failed(error);
    } finally {
      attempt.done();
    }
    const { status } = attempt.response;
    if (status < 200 || status >= 300) throw apiError(call, method, path, status, answer);
    if (answer === "") return undefined;
    try {
      return JSON.parse(answer) as unknown;
    } catch (error) {
      throw new SightlineError(
        "request_failed",
        `${call} failed: ${method} ${path} answered ${status} with a body that is not JSON: ${answer.slice(0, 200)}`,
        { status, cause: error },
      );
    }
  }

  /**
   * GETs a body below the project to read as a stream (an export): the timeout covers waiting for
   * the answer to start, not reading it, since a large export takes as long as it takes.
   */
  async stream(call: string, path: string): Promise<ReadableStream<Uint8Array>> {
    const full = await this.#inProject(call, path);
    const { response, done } = await this.#fetch(call, "GET", full, {});
    done();
    if (response.status < 200 || response.status >= 300 || response.body === null) {
      const answer = await response.text().catch(() => "");
      throw apiError(call, "GET", full, response.status, answer);
    }
    return brokenOffAs(call, full, response.body);
  }

  /**
   * One fetch under the timeout, which runs on while the body is read: `done` stops it, `failed`
   * turns an error (while fetching or reading) into a request_failed naming the timeout if it hit.
   */
  async #fetch(call: string, method: string, path: string, options: SendOptions): Promise<FetchAttempt> {
    const { baseUrl, apiKey } = this.#config;
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: "application/json" };
    if (options.payload !== undefined) headers["content-type"] = options.contentType ?? "application/json";
    Object.assign(headers, options.headers);
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), timeoutMs);
    const done = () => clearTimeout(timeout);
    const failed = (error: unknown) => {
      const detail = controller.signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error);
      return new SightlineError("request_failed", `${call} failed: ${method} ${path}: ${detail}`, {
        cause: error,
      });
    };
    try {
      const response = await this.#config.fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: options.payload,
        signal: controller.signal,
      });
      return { response, done, failed };
    } catch (error) {
      done();
      throw failed(error);
    }
  }
}

/**
 * The body as it comes, except that a connection closed before the end errors the stream with a
 * request_failed naming how far it got (fetch says only "terminated"): a reader must not take a
 * cut export for a whole one.
 */
function brokenOffAs(
  call: string,
  path: string,
  body: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        bytes += value.byteLength;
        controller.enqueue(value);
      } catch (error) {
        const cause = (error as { cause?: unknown } | null)?.cause;
        const detail =
          cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
        controller.error(
          new SightlineError(
            "request_failed",
            `${call} failed: GET ${path}: the answer broke off after ${bytes} bytes (${detail})`,
            { cause: error },
          ),
        );
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** A response whose body is still to read: `done` stops the timeout, `failed` words an error. */
interface FetchAttempt {
  response: Response;
  done(): void;
  failed(error: unknown): SightlineError;
}

/** A request's body as text, its content type (default JSON), and its own timeout. */
export interface SendOptions {
  payload?: string;
  contentType?: string;
  timeoutMs?: number;
  /** More request headers (If-None-Match). */
  headers?: Record<string, string>;
}

/** The error an error status becomes: the API's own message when the body is its error shape. */
function apiError(
  call: string,
  method: string,
  path: string,
  status: number,
  answer: string,
): SightlineError {
  let error: ErrorBody["error"];
  try {
    error = (JSON.parse(answer) as ErrorBody | null)?.error;
  } catch {
    // Not the API's JSON (a proxy's HTML page, say): the raw text is shown below.
  }
  const code = text(error?.code);
  const requestId = text(error?.requestId);
  const message =
    text(error?.message) ??
    `${method} ${path} answered HTTP ${status}${answer ? `: ${answer.slice(0, 300)}` : ""}`;
  return new SightlineError("api_error", `${call} failed (${status}${code ? ` ${code}` : ""}): ${message}`, {
    status,
    code,
    requestId,
  });
}

/** Wraps a client-side check's complaint; nothing was sent. */
export function invalidInput(call: string, message: string): SightlineError {
  return new SightlineError("invalid_input", `${call}: ${message}; nothing was sent`);
}
