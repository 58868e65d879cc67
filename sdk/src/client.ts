import { ApiClient } from "./api.ts";
import {
  type Assessment,
  type AssessmentRef,
  deleteAssessment,
  type GetAssessmentsOptions,
  getAssessment,
  getAssessments,
  type LogExpectationOptions,
  type LogFeedbackOptions,
  logExpectation,
  logFeedback,
  type OverrideFeedbackOptions,
  overrideFeedback,
} from "./assessments.ts";
import { type CodeScorer, type CodeScorerFn, makeCodeScorer } from "./code-scorers.ts";
import { activeSpan, runWithActiveSpan, useAsyncLocalStorage } from "./context.ts";
import { Datasets } from "./datasets-client.ts";
import { createReporter, type ErrorReporter, SightlineError } from "./errors.ts";
import type { StartSpanOptions } from "./eval-client.ts";
import { evaluate } from "./evaluate.ts";
import type { EvaluateOptions, EvaluateResult } from "./evaluation-types.ts";
import { Evaluations } from "./evaluations-client.ts";
import { BatchExporter } from "./exporter.ts";
import { namedInputs, parameterNames } from "./function-inputs.ts";
import { isSpanId, isTraceId, newSpanId, newTraceId } from "./ids.ts";
import { type InitOptions, numericOptions, runtimeName, validUrl } from "./options.ts";
import { encodeAttributes, encodeSpan } from "./otlp.ts";
import { Prompts } from "./prompts-client.ts";
import {
  archiveScorer,
  type CreateScorerOptions,
  type CreateScorerVersionOptions,
  createScorer,
  createScorerVersion,
  getScorer,
  type ListScorersOptions,
  listScorers,
  listScorerVersions,
  type ScoreOptions,
  type ScoreResult,
  type Scorer,
  type ScorerVersion,
  score,
  type UpdateScorerOptions,
  updateScorer,
} from "./scorers.ts";
import { toJson } from "./serialize.ts";
import { Span, type SpanSink } from "./span.ts";
import { Attr, SpanType, type SpanTypeName } from "./types.ts";
import { SDK_NAME, SDK_VERSION } from "./version.ts";

export type { StartSpanOptions };

export interface TraceOptions {
  /** Default: the function's name. */
  name?: string;
  /** Default UNKNOWN. */
  spanType?: SpanTypeName;
  attributes?: Record<string, unknown>;
}

export interface TraceUpdate {
  tags?: Record<string, string>;
  /** Values that are not strings are stored as JSON text. */
  metadata?: Record<string, unknown>;
  sessionId?: string;
  userId?: string;
}

/** Any function, as a generic bound (`never[]` parameters accept functions of every signature). */
export type AnyFunction = (...args: never[]) => unknown;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** How long the exit flush may keep a Node process alive (retries included). */
const EXIT_FLUSH_MS = 5000;

/** Live clients flush when a Node process is about to exit (one listener for all of them). */
const liveClients = new Set<SightlineClient>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const proc = (globalThis as { process?: { on?: (event: string, fn: () => void) => void } }).process;
  try {
    proc?.on?.("beforeExit", () => {
      for (const client of liveClients) void client.flushBeforeExit();
    });
  } catch {
    // Runtimes whose `process` has no events simply skip the exit flush.
  }
}

/**
 * A tracing client: creates spans and exports them to one Sightline project. Most code uses the
 * module-level functions, which go to the client made by init().
 */
export class SightlineClient {
  readonly #exporter: BatchExporter | undefined;
  /** The REST API, for the calls a user awaits (feedback, expectations); unset without usable options. */
  readonly #api: ApiClient | undefined;
  /** Made with options (init() or new SightlineClient(options)), not the placeholder used before init(). */
  readonly #configured: boolean;
  readonly #report: ErrorReporter;
  readonly #sink: SpanSink;
  /** The project's evaluation datasets: records, versions, imports and exports. */
  readonly datasets: Datasets = new Datasets((call) => this.#apiFor(call));
  /** The project's evaluation runs: start, get, results, cancel, resume, compare. */
  readonly evaluations: Evaluations = new Evaluations((call) => this.#apiFor(call));
  /** The project's prompt registry: cached get, render, register, aliases. */
  readonly prompts: Prompts;

  /** `options` undefined makes a client that records spans but exports nothing (used before init()). */
  constructor(options?: InitOptions) {
    this.#report = createReporter(options?.onError);
    this.#configured = options !== undefined;
    let promptSettings: { ttlMs: number; abandonAfterMs: number } | undefined;
    if (options?.asyncLocalStorage) useAsyncLocalStorage(options.asyncLocalStorage);
    const usable =
      options && typeof options.apiKey === "string" && options.apiKey !== "" && validUrl(options.baseUrl);
    if (options && !usable) {
      this.#report(
        new SightlineError(
          "invalid_options",
          "init() needs an apiKey and an http(s) baseUrl: spans will not be exported",
        ),
      );
    }
    if (options && usable) {
      const resource: Record<string, string | number | boolean> = {
        "service.name": options.serviceName ?? "unknown_service",
        "telemetry.sdk.name": SDK_NAME,
        "telemetry.sdk.version": SDK_VERSION,
        "telemetry.sdk.language": runtimeName() === "nodejs" ? "nodejs" : "webjs",
        ...options.resourceAttributes,
      };
      const { values, problems } = numericOptions(options);
      const { requestTimeoutMs, promptCacheTtlMs, ...exportValues } = values;
      promptSettings = { ttlMs: promptCacheTtlMs, abandonAfterMs: requestTimeoutMs + 5000 };
      if (problems.length > 0) {
        this.#report(
          new SightlineError(
            "invalid_options",
            `init() options ignored, defaults used: ${problems.join("; ")}`,
          ),
        );
      }
      const baseUrl = options.baseUrl.replace(/\/+$/, "");
      const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
      this.#exporter = new BatchExporter({
        endpoint: `${baseUrl}/v1/traces`,
        apiKey: options.apiKey,
        fetch,
        resource: encodeAttributes(Object.entries(resource)),
        ...exportValues,
        report: this.#report,
      });
      // A projectId that is not a non-empty string (an unset environment variable) is asked from whoami.
      const projectId =
        typeof options.projectId === "string" && options.projectId !== "" ? options.projectId : undefined;
      this.#api = new ApiClient({
        baseUrl,
        apiKey: options.apiKey,
        projectId,
        fetch,
        timeoutMs: requestTimeoutMs,
      });
      // Only Node processes exit with work pending; elsewhere (Workers) the set would only grow.
      if (runtimeName() === "nodejs") {
        liveClients.add(this);
        installExitHook();
      }
    }
    const waitUntil = typeof options?.waitUntil === "function" ? options.waitUntil : undefined;
    this.prompts = new Prompts((call) => this.#apiFor(call), {
      report: this.#report,
      waitUntil,
      ...(promptSettings ?? { ttlMs: 60_000, abandonAfterMs: 15_000 }),
    });
    const exporter = this.#exporter;
    this.#sink = {
      onEnd: (span) => exporter?.enqueue(encodeSpan(span)),
      report: this.#report,
    };
  }

  /** Starts a span (not made active: see withSpan). End it with span.end(). */
  startSpan(options: StartSpanOptions): Span {
    const spanType = options.spanType ?? SpanType.UNKNOWN;
    const parent = options.parent === undefined ? activeSpan() : options.parent;
    let traceId = newTraceId();
    let parentSpanId: string | undefined;
    let localRoot: Span | undefined;
    if (parent instanceof Span) {
      ({ traceId, localRoot } = parent);
      parentSpanId = parent.spanId;
    } else if (parent && isTraceId(parent.traceId) && isSpanId(parent.spanId)) {
      ({ traceId, spanId: parentSpanId } = parent);
    } else if (parent) {
      this.#report(
        new SightlineError(
          "invalid_options",
          `invalid parent ${toJson(parent).slice(0, 200)}: starting a new trace`,
        ),
      );
    }
    const span = new Span({
      name: options.name,
      spanType,
      traceId,
      spanId: newSpanId(),
      parentSpanId,
      localRoot,
      sink: this.#sink,
    });
    if (options.attributes) span.setAttributes(options.attributes);
    if (options.inputs !== undefined) span.setInputs(options.inputs);
    return span;
  }

  /**
   * Runs `fn` inside a new active span and ends the span when fn returns or its promise settles.
   * A value returned (or resolved) becomes the outputs unless fn set them; an error is recorded
   * (status ERROR, exception event) and rethrown unchanged. Returns exactly what fn returns.
   */
  withSpan<T>(options: StartSpanOptions, fn: (span: Span) => T): T {
    const span = this.startSpan(options);
    return this.#run(span, () => fn(span));
  }

  /**
   * Wraps `fn` so that every call is a span: inputs are the arguments (by parameter name), outputs
   * the return value (awaited when it is a promise), errors recorded and rethrown unchanged.
   */
  trace<F extends AnyFunction>(fn: F, options: TraceOptions = {}): F {
    return traceWith(() => this, fn, options);
  }

  /** @internal Runs fn with span active; see withSpan. */
  runInSpan<T>(span: Span, fn: () => T): T {
    return this.#run(span, fn);
  }

  #run<T>(span: Span, fn: () => T): T {
    const finish = (value: unknown) => {
      if (value !== undefined && !span.hasOutputs) span.setOutputs(value);
      span.end();
    };
    const fail = (error: unknown) => {
      span.fail(error);
      span.end();
    };
    let result: T;
    try {
      result = runWithActiveSpan(span, fn);
    } catch (error) {
      fail(error);
      throw error;
    }
    if (!isThenable(result)) {
      finish(result);
      return result;
    }
    // A plain promise (what async functions return): hand back one chained on it. Observing it on
    // the side would count as handling it, and a rejection nobody awaits would go unreported.
    if (Object.getPrototypeOf(result) === Promise.prototype) {
      return (result as unknown as Promise<unknown>).then(
        (value) => {
          finish(value);
          return value;
        },
        (error: unknown) => {
          fail(error);
          throw error;
        },
      ) as T;
    }
    // Any other thenable: observe it on the side and hand back the very same object, so its type
    // and extra methods (an openai APIPromise, say) are untouched; the side chain never rejects.
    try {
      result.then(finish, fail);
    } catch (error) {
      fail(error);
    }
    return result;
  }

  /** The active span, when there is one. */
  getCurrentSpan(): Span | undefined {
    return activeSpan();
  }

  /**
   * Adds trace-level facts to the current trace, written as attributes of its root span (the
   * outermost span of the trace in this process): `session.id`, `user.id`,
   * `sightline.tag.<key>` and `sightline.metadata.<key>`.
   */
  updateCurrentTrace(update: TraceUpdate): void {
    const root = activeSpan()?.localRoot;
    if (!root || root.ended) {
      const why = root ? "its root span has already ended" : "there is no active span";
      this.#report(new SightlineError("no_active_trace", `updateCurrentTrace() was ignored: ${why}`));
      return;
    }
    // Plain-JS callers may pass nothing at all.
    const { sessionId, userId, tags, metadata }: TraceUpdate = update ?? {};
    if (sessionId !== undefined) root.setAttribute(Attr.sessionId, sessionId);
    if (userId !== undefined) root.setAttribute(Attr.userId, userId);
    for (const [key, value] of Object.entries(tags ?? {})) {
      root.setAttribute(`${Attr.tagPrefix}${key}`, String(value));
    }
    for (const [key, value] of Object.entries(metadata ?? {})) {
      root.setAttribute(`${Attr.metadataPrefix}${key}`, typeof value === "string" ? value : toJson(value));
    }
  }

  /** Sends every span ended so far. Resolves when they are delivered or dropped; never rejects. */
  async flush(): Promise<void> {
    await this.#exporter?.flush();
  }

  /** @internal The exit flush: holds a Node process for at most EXIT_FLUSH_MS. */
  async flushBeforeExit(): Promise<void> {
    await this.#exporter?.flushBeforeExit(EXIT_FLUSH_MS);
  }

  /** Flushes, then stops: spans ended afterwards are dropped. */
  async shutdown(): Promise<void> {
    liveClients.delete(this);
    await this.#exporter?.shutdown();
  }

  /** Spans lost so far: queue full, after shutdown, or export failures. */
  getDroppedSpanCount(): number {
    return this.#exporter?.droppedSpans ?? 0;
  }

  /**
   * Logs feedback on a trace, one of its spans (`spanId`) or a session (`sessionId` instead of
   * `traceId`), and resolves to the new assessment's id: a value (boolean, number, string, a list
   * or a flat object of them) or an error, with an optional rationale, source and metadata. The
   * trace's spans need not have arrived: end-user feedback sent right after the request shows on
   * its trace once the exporter has delivered them. Unlike tracing, failures reject (with a
   * SightlineError): the caller is waiting to know the feedback was stored.
   */
  async logFeedback(options: LogFeedbackOptions): Promise<string> {
    return logFeedback(this.#apiFor("logFeedback()"), options);
  }

  /**
   * Logs an expectation (a ground truth such as `expected_response` or `expected_facts`, which
   * the judges compare with) on a trace, one of its spans or a session; resolves to its id.
   */
  async logExpectation(options: LogExpectationOptions): Promise<string> {
    return logExpectation(this.#apiFor("logExpectation()"), options);
  }

  /**
   * Replaces an assessment with a new one of the same name and target (new value or error,
   * rationale, source): the old one becomes invalid and stays in the history. Resolves to the new
   * assessment. Rejects with `api_error` code CONFLICT when the assessment was already overridden
   * or deleted: override the current one (getAssessments lists it).
   */
  async overrideFeedback(options: OverrideFeedbackOptions): Promise<Assessment> {
    return overrideFeedback(this.#apiFor("overrideFeedback()"), options);
  }

  /** One assessment of a trace, current or not. */
  async getAssessment(options: AssessmentRef): Promise<Assessment> {
    return getAssessment(this.#apiFor("getAssessment()"), options);
  }

  /**
   * A trace's assessments, oldest first: the current ones, or with `history: true` also the
   * overridden and deleted ones. Needs a key with the `read` or `write` scope (not just `ingest`).
   * Rejects with NOT_FOUND when the project has neither the trace nor assessments for it.
   */
  async getAssessments(options: GetAssessmentsOptions): Promise<Assessment[]> {
    return getAssessments(this.#apiFor("getAssessments()"), options);
  }

  /** Deletes an assessment: it leaves the trace's current assessments and scores, and stays in the history. */
  async deleteAssessment(options: AssessmentRef): Promise<void> {
    return deleteAssessment(this.#apiFor("deleteAssessment()"), options);
  }

  /** The project's scorers by name, each with its latest version; `archived: true` includes archived ones. */
  async listScorers(options: ListScorersOptions = {}): Promise<Scorer[]> {
    return listScorers(this.#apiFor("listScorers()"), options);
  }

  /** One scorer, with its latest version. */
  async getScorer(scorerId: string): Promise<Scorer> {
    return getScorer(this.#apiFor("getScorer()"), scorerId);
  }

  /**
   * Creates a scorer (a rule or a custom judge: see `rules` and `makeJudge`) with its version 1.
   * Rejects with `api_error` CONFLICT when the project already has a scorer of that name.
   */
  async createScorer(options: CreateScorerOptions): Promise<Scorer> {
    return createScorer(this.#apiFor("createScorer()"), options);
  }

  /** Saves the next version of a scorer; earlier versions never change and still run. */
  async createScorerVersion(options: CreateScorerVersionOptions): Promise<ScorerVersion> {
    return createScorerVersion(this.#apiFor("createScorerVersion()"), options);
  }

  /** A scorer's versions, newest first. */
  async listScorerVersions(scorerId: string): Promise<ScorerVersion[]> {
    return listScorerVersions(this.#apiFor("listScorerVersions()"), scorerId);
  }

  /** Changes a scorer's description or archived flag (its definition changes only by a new version). */
  async updateScorer(options: UpdateScorerOptions): Promise<Scorer> {
    return updateScorer(this.#apiFor("updateScorer()"), options);
  }

  /** Archives a scorer (`archived = false` brings it back): it leaves the list; its versions still run. */
  async archiveScorer(scorerId: string, archived = true): Promise<Scorer> {
    return archiveScorer(this.#apiFor("archiveScorer()"), scorerId, archived);
  }

  /**
   * Runs a scorer on the server: a stored version, a scorer's latest version or an inline
   * definition, on a stored trace or on given inputs and outputs; `persist` stores the result as
   * feedback on the trace. A scorer that cannot apply resolves to a result with `error` set.
   * Rejects with `api_error` RATE_LIMITED (429) when every judge call the organization may run at
   * once is busy: retry later. Not retried by the SDK.
   */
  async score(options: ScoreOptions): Promise<ScoreResult> {
    return score(this.#apiFor("score()"), options);
  }

  /**
   * A code scorer: `fn` runs in this process (the server never runs user code). `run()` gives its
   * result; `logTo(traceId, subject)` also logs it through this client as CODE feedback.
   */
  scorer(name: string, fn: CodeScorerFn): CodeScorer {
    return makeCodeScorer(name, fn, (options) => this.logFeedback(options));
  }

  /**
   * Runs `predictFn` over a dataset or records, each record in its own trace, and scores the
   * outputs as one evaluation run: registered scorers on the server, code scorers here. Resolves
   * when the run is scored, to its id, dashboard URL, metrics and rows. A predictFn that throws
   * (after its retries) makes that record's error; aborting `signal` cancels the run.
   */
  async evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
    return evaluate(this, this.#apiFor("evaluate()"), options);
  }

  /** The API client, or the reason there is none (thrown, so the async caller rejects with it). */
  #apiFor(call: string): ApiClient {
    if (this.#api) return this.#api;
    throw this.#configured
      ? new SightlineError(
          "invalid_options",
          `${call} needs an apiKey and an http(s) baseUrl: nothing was sent`,
        )
      : new SightlineError(
          "not_initialized",
          `${call} needs init() (or a SightlineClient) first: nothing was sent`,
        );
  }

  /** @internal */
  report(error: SightlineError): void {
    this.#report(error);
  }
}

/** The traced wrapper, resolving the client at call time (so module-level trace() works before init()). */
export function traceWith<F extends AnyFunction>(
  resolveClient: () => SightlineClient,
  fn: F,
  options: TraceOptions,
): F {
  const original = fn as unknown as (...args: unknown[]) => unknown;
  let names: string[] | undefined | null = null;
  function traced(this: unknown, ...args: unknown[]): unknown {
    let client: SightlineClient;
    let span: Span;
    try {
      client = resolveClient();
      if (names === null) names = parameterNames(fn);
      span = client.startSpan({
        name: options.name ?? (fn.name || "anonymous"),
        spanType: options.spanType ?? SpanType.UNKNOWN,
        attributes: options.attributes,
        inputs: namedInputs(names, args),
      });
    } catch {
      // Tracing must never stop the call itself.
      return original.apply(this, args);
    }
    return client.runInSpan(span, () => original.apply(this, args));
  }
  Object.defineProperty(traced, "name", { value: fn.name, configurable: true });
  return traced as unknown as F;
}
