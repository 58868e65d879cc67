import { randomToken, sha256Hex } from "../lib/crypto";

/**
 * API keys look like `sl_` + 43 URL-safe characters (32 random bytes). The format is checked
 * before any database lookup; only the SHA-256 and a display prefix are stored.
 */
const KEY_PATTERN = /^sl_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 11; // "sl_" + 8 characters

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export async function generateApiKey(): Promise<{ key: string; prefix: string; hash: string }> {
  const key = `sl_${randomToken(32)}`;
  return { key, prefix: key.slice(0, PREFIX_LENGTH), hash: await sha256Hex(key) };
}
