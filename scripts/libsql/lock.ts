/**
 * An asynchronous, owner-aware mutex. `libsql` calls are synchronous, so a connection blocked by
 * another connection's transaction must never busy-wait on the event loop: instead the whole
 * database is serialized here, and a stream inside a transaction keeps the lock across requests.
 */
export class OwnerLock<Owner> {
  #owner: Owner | undefined;
  #waiters: { owner: Owner; resolve: () => void; reject: (error: Error) => void }[] = [];

  /** Resolves once `owner` holds the lock (immediately if it already does). */
  acquire(owner: Owner): Promise<void> {
    if (this.#owner === undefined || this.#owner === owner) {
      this.#owner = owner;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.#waiters.push({ owner, resolve, reject }));
  }

  /** Hands the lock to the next waiter; a no-op unless `owner` holds it. */
  release(owner: Owner): void {
    if (this.#owner !== owner) return;
    const next = this.#waiters.shift();
    this.#owner = next?.owner;
    next?.resolve();
  }

  /** Fails every pending `acquire` (used on shutdown). */
  rejectWaiters(error: Error): void {
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }
}
