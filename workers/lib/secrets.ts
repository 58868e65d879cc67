import { ApiError } from "./errors";

/**
 * Secrets kept at rest (judge providers' API keys and headers) are sealed with AES-256-GCM under
 * the `ENCRYPTION_KEY` secret. The secret holds one or more keys, `version:base64` separated by
 * commas, the first one current (a bare base64 key is version `k1`). A sealed value names the
 * version it was sealed with, `sl1.<version>.<iv>.<ciphertext>` (base64url), so a new key can be
 * put first and old values still open until `npm run secrets:reencrypt` seals them again.
 */
export type KeyRing = { current: string; keys: Map<string, CryptoKey> };

const FORMAT = "sl1";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const b64url = {
  encode(bytes: Uint8Array): string {
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  },
  decode(text: string): Uint8Array<ArrayBuffer> {
    const padded = text.replaceAll("-", "+").replaceAll("_", "/");
    const raw = atob(padded + "=".repeat((4 - (padded.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  },
};

/** Why `ENCRYPTION_KEY` cannot be used, or null (for the environment check: never says the value). */
export function keyRingProblem(secret: string): string | null {
  const entries = secret.split(",").map((e) => e.trim());
  const seen = new Set<string>();
  for (const entry of entries) {
    const [version, key] = entry.includes(":") ? entry.split(":", 2) : ["k1", entry];
    if (!version || !/^[A-Za-z0-9_-]{1,16}$/.test(version))
      return "each key's version must be 1–16 letters, digits, - or _";
    if (seen.has(version)) return `the version ${version} appears twice`;
    seen.add(version);
    let bytes: Uint8Array;
    try {
      bytes = b64url.decode(key ?? "");
    } catch {
      return "each key must be base64";
    }
    if (bytes.length !== 32) return "each key must be 32 bytes (openssl rand -base64 32)";
  }
  return null;
}

const rings = new Map<string, Promise<KeyRing>>();

/** The key ring of `ENCRYPTION_KEY` (imported once per isolate). */
export function keyRing(secret: string | undefined): Promise<KeyRing> {
  if (!secret)
    throw new ApiError(
      "BAD_ENVIRONMENT",
      "Storing provider keys needs the ENCRYPTION_KEY secret (32 random bytes, base64): `wrangler secret put ENCRYPTION_KEY`.",
    );
  let ring = rings.get(secret);
  if (!ring) {
    ring = (async () => {
      const keys = new Map<string, CryptoKey>();
      let current = "";
      for (const entry of secret.split(",").map((e) => e.trim())) {
        const [version, key] = entry.includes(":") ? entry.split(":", 2) : ["k1", entry];
        const imported = await crypto.subtle.importKey("raw", b64url.decode(key ?? ""), "AES-GCM", false, [
          "encrypt",
          "decrypt",
        ]);
        keys.set(version ?? "k1", imported);
        current ||= version ?? "k1";
      }
      return { current, keys };
    })();
    rings.set(secret, ring);
  }
  return ring;
}

/** Seals `plain` under the ring's current key; `context` (e.g. the row's id) is bound to it. */
export async function seal(ring: KeyRing, plain: string, context: string): Promise<string> {
  const key = ring.keys.get(ring.current);
  if (!key) throw new Error("the key ring has no current key");
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(plain),
  );
  return [FORMAT, ring.current, b64url.encode(iv), b64url.encode(new Uint8Array(sealed))].join(".");
}

/** The version a sealed value was sealed with. */
export function sealedVersion(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 4 && parts[0] === FORMAT ? (parts[1] ?? null) : null;
}

/** Opens a sealed value (any version still in the ring); throws when it cannot. */
export async function open(ring: KeyRing, sealed: string, context: string): Promise<string> {
  const [format, version, iv, data] = sealed.split(".");
  const key = version ? ring.keys.get(version) : undefined;
  if (format !== FORMAT || !key || !iv || !data)
    throw new ApiError(
      "BAD_ENVIRONMENT",
      `A stored secret was sealed with key version ${version ?? "?"}, which ENCRYPTION_KEY no longer holds.`,
    );
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: b64url.decode(iv), additionalData: encoder.encode(context) },
    key,
    b64url.decode(data),
  );
  return decoder.decode(plain);
}
