/**
 * Typed, prefixed ids, generated in one place. An id is `<prefix>_<26 chars>`: 48 bits of
 * millisecond time then 80 random bits, in Crockford base32, so ids sort by creation time
 * (handy for cursors) and never collide in practice.
 */
export const ID_PREFIXES = {
  org: "org",
  project: "prj",
  user: "usr",
  membership: "mem",
  invitation: "inv",
  apiKey: "key",
  session: "ses",
  audit: "aud",
  request: "req",
  job: "job",
  jobFailure: "jfl",
  cronRun: "crn",
  queueProbe: "qpr",
  dataset: "ds",
  datasetRecord: "dsr",
  assessment: "asm",
  prompt: "pmt",
  promptVersion: "pmv",
  scorer: "scr",
  scorerVersion: "scv",
  scoreJob: "sjb",
  evalRun: "run",
  evalResult: "res",
  labelSchema: "lbs",
  labelingSession: "lss",
  monitor: "mon",
  alertEvent: "alr",
  webhook: "whk",
  webhookDelivery: "whd",
  providerCredential: "crd",
  passwordReset: "pwr",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type Id<K extends IdKind> = `${(typeof ID_PREFIXES)[K]}_${string}`;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const BODY_LENGTH = 26;

export type IdGenerator = <K extends IdKind>(kind: K) => Id<K>;

/** Builds an id generator from a clock, so tests can pin the time part. */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  return (kind) => `${ID_PREFIXES[kind]}_${encodeBody(now())}`;
}

export const newId: IdGenerator = createIdGenerator();

export function isId<K extends IdKind>(kind: K, value: string): value is Id<K> {
  const prefix = `${ID_PREFIXES[kind]}_`;
  if (!value.startsWith(prefix) || value.length !== prefix.length + BODY_LENGTH) return false;
  for (const ch of value.slice(prefix.length)) if (!ALPHABET.includes(ch)) return false;
  return true;
}

function encodeBody(timeMs: number): string {
  const bytes = new Uint8Array(16);
  let t = Math.max(0, Math.floor(timeMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  crypto.getRandomValues(bytes.subarray(6));
  // 128 bits -> 26 base32 digits (130 bits); the top two bits of the first digit are zero.
  let out = "";
  let acc = 0n;
  for (const b of bytes) acc = (acc << 8n) | BigInt(b);
  for (let i = 0; i < BODY_LENGTH; i++) {
    out = ALPHABET[Number(acc & 31n)] + out;
    acc >>= 5n;
  }
  return out;
}
