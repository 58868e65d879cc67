/**
 * The project's prompt registry (`client.prompts`, or the module-level `prompts` for the client
 * init() made): get a version by URI, number or alias (cached, see prompt-cache.ts), register new
 * versions, move aliases, list. Reads from the cache never reject while a copy exists; register,
 * setAlias, list and versions reject with a SightlineError like the other API calls.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { shown } from "./assessments.ts";
import { defined, isObject, optionalInteger, optionalString } from "./checks.ts";
import type { SightlineError } from "./errors.ts";
import {
  checkFallback,
  type Prompt,
  type PromptFallback,
  type PromptModelConfig,
  promptFromAnswer,
  templateProblem,
} from "./prompt.ts";
import { type Fetched, PromptCache, type WaitUntil } from "./prompt-cache.ts";
import { isAliasName, isPromptName, numberedRef, promptRefOf } from "./prompt-refs.ts";
import type { PromptTemplate } from "./prompt-template.ts";

export interface GetPromptOptions {
  /** A version number (with a prompt name). */
  version?: number;
  /** An alias such as `production` (with a prompt name); neither: `latest`. */
  alias?: string;
  /** Served (marked `isFallback`) when nothing is cached and the registry is unreachable. */
  fallback?: PromptFallback;
  /** Workers: `ctx.waitUntil.bind(ctx)`, so a background refresh outlives the response. */
  waitUntil?: WaitUntil;
}

export interface RegisterPromptOptions {
  name: string;
  template: PromptTemplate;
  /** Only when the prompt is created. */
  description?: string;
  /** Only when the prompt is created. */
  tags?: string[];
  responseFormat?: Record<string, unknown> | null;
  modelConfig?: PromptModelConfig | null;
  /** What this version changes. */
  message?: string;
}

/** A prompt of the project, as the list answers it. */
export interface PromptInfo {
  id: string;
  name: string;
  description: string;
  tags: string[];
  archived: boolean;
  latestVersion: number;
  aliases: { alias: string; version: number }[];
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PromptAlias {
  alias: string;
  version: number | null;
  updatedBy: string | null;
  updatedAt: string | null;
  history: { fromVersion: number | null; toVersion: number | null; movedBy: string; movedAt: string }[];
}

export interface PromptsSettings {
  report(error: SightlineError): void;
  ttlMs: number;
  abandonAfterMs: number;
  waitUntil: WaitUntil | undefined;
}

const promptPath = (name: string) => `/prompts/${encodeURIComponent(name)}`;

export class Prompts {
  readonly #api: (call: string) => ApiClient;
  readonly #cache: PromptCache;
  /** Fallbacks already checked (apps pass the same bundled object on every call). */
  readonly #checked = new WeakSet<object>();

  /** @internal `api` gives the client's API, or throws why there is none. */
  constructor(api: (call: string) => ApiClient, settings: PromptsSettings) {
    this.#api = api;
    this.#cache = new PromptCache({ ...settings, fetch: (uri, etag) => this.#resolve(uri, etag) });
  }

  /**
   * A prompt version: `get("prompts:/answer@production")`, `get("answer", { version: 3 })`,
   * `get("answer", { alias: "production" })`, `get("answer")` (latest). Cached (numbered versions
   * for the process' life, aliases for the TTL then revalidated in the background); served from
   * the last good copy while the registry is down. Rejects only when nothing is cached and there
   * is no fallback, or the reference is wrong (invalid_input, or api_error 404 naming the aliases).
   */
  async get(ref: string, options: GetPromptOptions = {}): Promise<Prompt> {
    const call = "prompts.get()";
    if (!isObject(options as unknown))
      throw invalidInput(call, `options must be an object, got ${shown(options)}`);
    const { fallback, waitUntil } = options;
    if (fallback !== undefined && !this.#checked.has(fallback)) {
      checkFallback(call, fallback);
      this.#checked.add(fallback);
    }
    if (waitUntil !== undefined && typeof waitUntil !== "function")
      throw invalidInput(call, "waitUntil must be a function (ctx.waitUntil.bind(ctx))");
    return this.#cache.get(promptRefOf(call, ref, options), { fallback, waitUntil });
  }

  async #resolve(uri: string, etag: string | undefined): Promise<Fetched> {
    const call = `prompts.get("${uri}")`;
    const answer = await this.#api(call).conditionalGet(
      call,
      `/prompts/resolve?uri=${encodeURIComponent(uri)}`,
      etag,
    );
    if (answer.notModified) return answer;
    return { notModified: false, prompt: promptFromAnswer(call, answer.body), etag: answer.etag };
  }

  /**
   * Creates the prompt with this template as version 1, or, when the name is taken, saves the
   * template as its next version (description and tags apply only on creation). Always a new
   * version, like a commit: resolves to it.
   */
  async register(options: RegisterPromptOptions): Promise<Prompt> {
    const call = "prompts.register()";
    if (!isObject(options as unknown))
      throw invalidInput(call, `needs { name, template, … }, got ${shown(options)}`);
    const { name, template, description, tags, responseFormat, modelConfig, message } = options;
    if (!isPromptName(name))
      throw invalidInput(call, `name must be 1–100 letters, digits, '-', '_' or '.', got ${shown(name)}`);
    const problem = templateProblem(template);
    if (problem) throw invalidInput(call, problem);
    optionalString(call, "description", description);
    optionalString(call, "message", message);
    if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === "string")))
      throw invalidInput(call, `tags must be a list of strings, got ${shown(tags)}`);
    for (const [field, value] of Object.entries({ responseFormat, modelConfig }))
      if (value !== undefined && value !== null && !isObject(value))
        throw invalidInput(call, `${field} must be an object, got ${shown(value)}`);
    const api = this.#api(call);
    const version = defined({ template, responseFormat, modelConfig, message });
    let saved: unknown;
    try {
      await api.inProject(call, "POST", "/prompts", defined({ name, description, tags, ...version }));
      saved = await api.inProject(call, "GET", `${promptPath(name)}/versions/1`);
    } catch (error) {
      if ((error as SightlineError).status !== 409 || (error as SightlineError).code !== "CONFLICT")
        throw error;
      saved = await api.inProject(call, "POST", `${promptPath(name)}/versions`, version);
    }
    const prompt = promptFromAnswer(call, saved);
    this.#cache.put(prompt.uri, prompt);
    this.#cache.put(`prompts:/${name}@latest`, prompt);
    return prompt;
  }

  /**
   * Points `alias` at `version` (needs an `admin` key: moving `production` changes what every app
   * serves). This client serves the move at once; other processes see it on their next
   * revalidation (within the TTL and one call).
   */
  async setAlias(name: string, alias: string, version: number): Promise<PromptAlias> {
    const call = "prompts.setAlias()";
    if (!isPromptName(name)) throw invalidInput(call, `name must be a prompt name, got ${shown(name)}`);
    if (!isAliasName(alias) || alias === "latest")
      throw invalidInput(
        call,
        `alias must be 1–64 letters, digits, '-', '_' or '.' (not latest), got ${shown(alias)}`,
      );
    optionalInteger(call, "version", version, 1);
    if (version === undefined) throw invalidInput(call, "needs the version to point at");
    const answer = await this.#api(call).inProject(
      call,
      "PUT",
      `${promptPath(name)}/aliases/${encodeURIComponent(alias)}`,
      { version },
    );
    this.#cache.moved(`prompts:/${name}@${alias}`, numberedRef(name, version).uri);
    return answer as PromptAlias;
  }

  /** One page of the project's prompts, by name; follow `nextCursor` for more. */
  async list(
    options: { search?: string; tag?: string; text?: string; limit?: number; cursor?: string } = {},
  ): Promise<{ prompts: PromptInfo[]; nextCursor: string | null }> {
    const call = "prompts.list()";
    if (!isObject(options as unknown))
      throw invalidInput(call, `options must be an object, got ${shown(options)}`);
    const query = new URLSearchParams();
    for (const field of ["search", "tag", "text", "cursor"] as const) {
      optionalString(call, field, options[field]);
      if (options[field] !== undefined) query.set(field, String(options[field]));
    }
    optionalInteger(call, "limit", options.limit, 1);
    if (options.limit !== undefined) query.set("limit", String(options.limit));
    const answer = await this.#api(call).inProject(call, "GET", `/prompts?${query}`);
    return answer as { prompts: PromptInfo[]; nextCursor: string | null };
  }

  /** A prompt's versions, newest first, each with the aliases pointing at it (cached as they come). */
  async versions(name: string): Promise<{ prompt: Prompt; aliases: string[] }[]> {
    const call = "prompts.versions()";
    if (!isPromptName(name)) throw invalidInput(call, `name must be a prompt name, got ${shown(name)}`);
    const answer = await this.#api(call).inProject(call, "GET", `${promptPath(name)}/versions`);
    const list = isObject(answer) && Array.isArray(answer.versions) ? answer.versions : [];
    return list.map((version: unknown) => {
      const prompt = promptFromAnswer(call, version);
      this.#cache.put(prompt.uri, prompt);
      const aliases = isObject(version) && Array.isArray(version.aliases) ? version.aliases : [];
      return { prompt, aliases: aliases.filter((a): a is string => typeof a === "string") };
    });
  }
}
