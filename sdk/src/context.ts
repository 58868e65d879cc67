import type { Span } from "./span.ts";

/** The part of Node's AsyncLocalStorage the SDK uses (also provided by workerd, Deno and Bun). */
export interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

type AsyncLocalStorageClass = new () => AsyncLocalStorageLike<unknown>;

/**
 * Finds AsyncLocalStorage without a static `node:` import, so the SDK also loads in runtimes without
 * it: a global first, then `process.getBuiltinModule` (Node >= 20.16, workerd with nodejs_compat).
 */
function findAsyncLocalStorage(): AsyncLocalStorageClass | undefined {
  const g = globalThis as {
    AsyncLocalStorage?: unknown;
    process?: { getBuiltinModule?: (id: string) => unknown };
  };
  if (typeof g.AsyncLocalStorage === "function") return g.AsyncLocalStorage as AsyncLocalStorageClass;
  try {
    const asyncHooks = g.process?.getBuiltinModule?.("node:async_hooks") as
      | { AsyncLocalStorage?: AsyncLocalStorageClass }
      | undefined;
    return asyncHooks?.AsyncLocalStorage;
  } catch {
    return undefined;
  }
}

/**
 * Without AsyncLocalStorage the active span is a plain variable: correct for synchronous code, and
 * for async code only until its first `await` (pass `parent` explicitly there).
 */
class StackStorage implements AsyncLocalStorageLike<unknown> {
  #current: unknown;
  getStore(): unknown {
    return this.#current;
  }
  run<R>(store: unknown, fn: () => R): R {
    const previous = this.#current;
    this.#current = store;
    try {
      return fn();
    } finally {
      this.#current = previous;
    }
  }
}

const AsyncLocalStorageCtor = findAsyncLocalStorage();
let storage: AsyncLocalStorageLike<unknown> = AsyncLocalStorageCtor
  ? new AsyncLocalStorageCtor()
  : new StackStorage();
let asyncAware = AsyncLocalStorageCtor !== undefined;

/** Uses this AsyncLocalStorage instance for the active span (for runtimes where none was found). */
export function useAsyncLocalStorage(instance: AsyncLocalStorageLike<unknown>): void {
  storage = instance;
  asyncAware = true;
}

/** Whether the active span follows async continuations (AsyncLocalStorage is in use). */
export function hasAsyncContext(): boolean {
  return asyncAware;
}

export function activeSpan(): Span | undefined {
  return storage.getStore() as Span | undefined;
}

export function runWithActiveSpan<R>(span: Span | undefined, fn: () => R): R {
  return storage.run(span, fn);
}
