import type { ApiKeyPrincipal } from "./principal";

/** How long a looked-up key is reused; also how often its last_used_at is refreshed. */
export const KEY_CACHE_TTL_MS = 60_000;
const MAX_ENTRIES = 1000;

/**
 * API keys looked up recently by this isolate, by the hash of the secret. Only for routes
 * whose writes check the key again inside their own transaction (OTLP ingest, see
 * ingest/store.ts), so a revoked key never writes anything, cached or not: the cache saves
 * a database round trip per export, not a revocation check.
 */
export class KeyCache {
  readonly #entries = new Map<string, { principal: ApiKeyPrincipal; until: number }>();

  get(hash: string, now: number): ApiKeyPrincipal | null {
    const entry = this.#entries.get(hash);
    if (!entry) return null;
    const { principal, until } = entry;
    if (until <= now || (principal.expiresAt !== null && principal.expiresAt <= now)) {
      this.#entries.delete(hash);
      return null;
    }
    return principal;
  }

  set(hash: string, principal: ApiKeyPrincipal, now: number): void {
    this.#entries.delete(hash);
    this.#entries.set(hash, { principal, until: now + KEY_CACHE_TTL_MS });
    // Maps iterate in insertion order: the first entry is the oldest.
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Drops a key the database no longer accepts. */
  forget(keyId: string): void {
    for (const [hash, { principal }] of this.#entries) {
      if (principal.keyId === keyId) this.#entries.delete(hash);
    }
  }
}

/** The cache of the OTLP ingest route (`/v1/*`). */
export const ingestKeys = new KeyCache();
