import { fromBase64, randomBytes, timingSafeEqual, toBase64 } from "../lib/crypto";

/**
 * PBKDF2-SHA256 at 100,000 iterations, the most Workers' WebCrypto allows. The stored form
 * names the scheme and iteration count so hashes can be upgraded on the next login.
 */
export const PASSWORD_SCHEME = "pbkdf2-sha256";
export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, PASSWORD_ITERATIONS);
  return `${PASSWORD_SCHEME}$${PASSWORD_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

export type PasswordCheck = { ok: boolean; needsRehash: boolean };

export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  const [scheme, iterationsText, saltText, hashText] = stored.split("$");
  const iterations = Number(iterationsText);
  if (scheme !== PASSWORD_SCHEME || !Number.isInteger(iterations) || !saltText || !hashText) {
    return { ok: false, needsRehash: false };
  }
  const expected = fromBase64(hashText);
  const actual = await derive(password, fromBase64(saltText), iterations);
  const ok = timingSafeEqual(actual, expected);
  return { ok, needsRehash: ok && iterations < PASSWORD_ITERATIONS };
}

/**
 * Verified against when the email is unknown, so a login takes as long whether or not the
 * account exists. It is a well-formed hash of no password anyone knows.
 */
export const DECOY_PASSWORD_HASH = `${PASSWORD_SCHEME}$${PASSWORD_ITERATIONS}$c2lnaHRsaW5lLWRlY295LXNhbHQ=$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=`;
