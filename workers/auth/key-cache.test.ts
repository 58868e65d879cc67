import { describe, expect, it } from "vitest";
import { KEY_CACHE_TTL_MS, KeyCache } from "./key-cache";
import type { ApiKeyPrincipal } from "./principal";

const principal = (keyId: string, expiresAt: number | null = null) =>
  ({ type: "api_key", keyId, expiresAt }) as ApiKeyPrincipal;

describe("KeyCache", () => {
  it("reuses a lookup for a minute, never past the key's own expiry, and forgets by key id", () => {
    const cache = new KeyCache();
    cache.set("h1", principal("k1"), 0);
    cache.set("h2", principal("k2", 1000), 0);
    expect(cache.get("h1", KEY_CACHE_TTL_MS - 1)?.keyId).toBe("k1");
    expect(cache.get("h1", KEY_CACHE_TTL_MS)).toBeNull();
    expect(cache.get("h2", 999)?.keyId).toBe("k2");
    expect(cache.get("h2", 1000)).toBeNull();
    cache.set("h3", principal("k3"), 0);
    cache.forget("k3");
    expect(cache.get("h3", 1)).toBeNull();
  });

  it("keeps at most 1,000 keys, dropping the oldest", () => {
    const cache = new KeyCache();
    for (let i = 0; i <= 1000; i++) cache.set(`h${i}`, principal(`k${i}`), 0);
    expect(cache.get("h0", 1)).toBeNull();
    expect(cache.get("h1", 1)?.keyId).toBe("k1");
    expect(cache.get("h1000", 1)?.keyId).toBe("k1000");
  });
});
