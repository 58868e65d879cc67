/**
 * The SDK's prompt cache, one per client, so an app never blocks or fails on the registry:
 *
 * - a numbered version (`prompts:/name/3`) never changes: fetched once, kept for the process' life;
 * - an alias or `latest` is fresh for `ttlMs`; after that the cached copy still answers at once and
 *   one background refresh per URI revalidates it (`If-None-Match` → 304 keeps it), so a moved
 *   alias is served from the call after that refresh lands (stale-while-revalidate);
 * - a refresh that fails keeps the last good copy (reported to onError, never thrown) and is tried
 *   again after another `ttlMs`;
 * - with nothing cached, the call waits for the registry; if the registry is down (network error,
 *   timeout, 5xx, 429) and the call brought a bundled fallback, the fallback is served (and kept as
 *   the copy to refresh), otherwise the call rejects.
 *
 * In Workers a promise nobody awaits may be cut off when the response is sent, so each background
 * refresh is handed to `waitUntil` when one is given; one that never settles is given up after
 * `abandonAfterMs`, so the URI can be refreshed again.
 */
import { SightlineError } from "./errors.ts";
import type { Prompt, PromptFallback } from "./prompt.ts";
import { fallbackPrompt } from "./prompt.ts";
import type { PromptRef } from "./prompt-refs.ts";

/** What the registry answered: a version with its ETag, or "the copy you have is still right". */
export type Fetched =
  | { notModified: true }
  | { notModified: false; prompt: Prompt; etag: string | undefined };

export type WaitUntil = (promise: Promise<unknown>) => void;

export interface PromptCacheConfig {
  /** Resolves a URI, revalidating `etag` when given; rejects with a SightlineError. */
  fetch(uri: string, etag: string | undefined): Promise<Fetched>;
  report(error: SightlineError): void;
  ttlMs: number;
  /** A refresh still pending after this long is taken for lost (a cut-off Workers request). */
  abandonAfterMs: number;
  waitUntil: WaitUntil | undefined;
  now?: () => number;
}

interface Entry {
  prompt: Prompt;
  etag: string | undefined;
  /** A numbered version fetched from the registry: never refreshed. */
  immutable: boolean;
  /** Served without asking the registry until then. */
  freshUntil: number;
  /** When the refresh in flight started (undefined: none). */
  refreshingSince: number | undefined;
}

/** The registry is unreachable or overloaded (not: the request is wrong). */
export function isRegistryDown(error: unknown): boolean {
  if (!(error instanceof SightlineError)) return false;
  if (error.kind === "request_failed") return true;
  return (
    error.kind === "api_error" && error.status !== undefined && (error.status >= 500 || error.status === 429)
  );
}

export class PromptCache {
  readonly #config: PromptCacheConfig;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** First fetches in flight per URI, shared by concurrent cold calls. */
  readonly #loading = new Map<string, Promise<Fetched>>();

  constructor(config: PromptCacheConfig) {
    this.#config = config;
    this.#now = config.now ?? Date.now;
  }

  /** The prompt `ref` names; see the file comment for when it asks the registry. */
  get(
    ref: PromptRef,
    options: { fallback?: PromptFallback; waitUntil?: WaitUntil },
  ): Prompt | Promise<Prompt> {
    const entry = this.#entries.get(ref.uri);
    if (entry === undefined) return this.#load(ref, options.fallback);
    if (!entry.immutable && this.#now() >= entry.freshUntil) {
      this.#refresh(ref.uri, entry, options.waitUntil ?? this.#config.waitUntil);
    }
    return entry.prompt;
  }

  /** Keeps a version the client already has (register(), setAlias()) under its URI. */
  put(uri: string, prompt: Prompt, etag?: string): void {
    this.#entries.set(uri, this.#entry(uri, prompt, etag));
  }

  /**
   * After this client moved an alias: serve `version` under it at once when that version is cached,
   * otherwise revalidate the alias on its next use.
   */
  moved(aliasUri: string, versionUri: string): void {
    const version = this.#entries.get(versionUri);
    if (version) this.put(aliasUri, version.prompt);
    else {
      const alias = this.#entries.get(aliasUri);
      if (alias) alias.freshUntil = 0;
    }
  }

  #entry(uri: string, prompt: Prompt, etag: string | undefined): Entry {
    const immutable = !prompt.isFallback && uri === prompt.uri;
    return {
      prompt,
      etag,
      immutable,
      freshUntil: this.#now() + this.#config.ttlMs,
      refreshingSince: undefined,
    };
  }

  /** Stores a fetched version under its URI, and under its numbered URI too (it never changes). */
  #store(uri: string, prompt: Prompt, etag: string | undefined): void {
    this.#entries.set(uri, this.#entry(uri, prompt, etag));
    if (uri !== prompt.uri && !this.#entries.has(prompt.uri)) {
      this.#entries.set(prompt.uri, this.#entry(prompt.uri, prompt, undefined));
    }
  }

  async #load(ref: PromptRef, fallback: PromptFallback | undefined): Promise<Prompt> {
    let loading = this.#loading.get(ref.uri);
    if (loading === undefined) {
      loading = this.#config.fetch(ref.uri, undefined);
      this.#loading.set(ref.uri, loading);
      const forget = () => this.#loading.delete(ref.uri);
      loading.then(forget, forget);
    }
    try {
      const fetched = await loading;
      if (fetched.notModified) throw new SightlineError("internal", `${ref.uri}: 304 without an ETag sent`);
      // Concurrent cold calls each land here: the first stores, the others find it.
      const stored = this.#entries.get(ref.uri);
      if (stored && !stored.prompt.isFallback) return stored.prompt;
      this.#store(ref.uri, fetched.prompt, fetched.etag);
      return fetched.prompt;
    } catch (error) {
      const stored = this.#entries.get(ref.uri);
      if (stored) return stored.prompt;
      if (fallback === undefined || !isRegistryDown(error)) throw error;
      const prompt = fallbackPrompt(ref.name, ref.uri, fallback);
      this.#entries.set(ref.uri, this.#entry(ref.uri, prompt, undefined));
      this.#config.report(servingWhat(error, ref.uri, "the bundled fallback"));
      return prompt;
    }
  }

  #refresh(uri: string, entry: Entry, waitUntil: WaitUntil | undefined): void {
    const now = this.#now();
    if (entry.refreshingSince !== undefined && now - entry.refreshingSince < this.#config.abandonAfterMs)
      return;
    entry.refreshingSince = now;
    const started = now;
    const settle = (apply: () => void) => {
      if (entry.refreshingSince !== started) return; // given up on meanwhile; a newer refresh rules
      entry.refreshingSince = undefined;
      apply();
    };
    let refresh: Promise<void>;
    try {
      refresh = this.#config.fetch(uri, entry.etag).then(
        (fetched) =>
          settle(() => {
            entry.freshUntil = this.#now() + this.#config.ttlMs;
            if (fetched.notModified) return;
            entry.prompt = fetched.prompt;
            entry.etag = fetched.etag;
            entry.immutable = uri === fetched.prompt.uri;
            if (!this.#entries.has(fetched.prompt.uri))
              this.#store(fetched.prompt.uri, fetched.prompt, undefined);
          }),
        (error: unknown) =>
          settle(() => {
            entry.freshUntil = this.#now() + this.#config.ttlMs;
            const what = entry.prompt.isFallback
              ? "the bundled fallback"
              : `the last good copy (version ${entry.prompt.version})`;
            this.#config.report(servingWhat(error, uri, what));
          }),
      );
    } catch (error) {
      settle(() => this.#config.report(servingWhat(error, uri, "the cached copy")));
      return;
    }
    try {
      waitUntil?.(refresh);
    } catch (error) {
      this.#config.report(
        new SightlineError("internal", "waitUntil() threw on a prompt refresh", { cause: error }),
      );
    }
  }
}

/** The failure reported (not thrown) while a copy answers instead. */
function servingWhat(error: unknown, uri: string, what: string): SightlineError {
  const cause = error instanceof SightlineError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new SightlineError(cause?.kind ?? "request_failed", `${uri}: serving ${what}: ${message}`, {
    status: cause?.status,
    code: cause?.code,
    requestId: cause?.requestId,
    cause: error,
  });
}
