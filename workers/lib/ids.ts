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
  datasetImport: "dsi",
  assessment: "asm",
  prompt: "pmt",
  promptVersion: "pmv",
  promptAliasMove: "pam",
  scorer: "scr",
  scorerVersion: "scv",
  scoreJob: "sjb",
  evalRun: "run",
  evalResult: "res",
  labelSchema: "lbs",
  labelingSession: "lss",
  monitor: "mon",
  monitorBackfill: "mbf",
  alertRule: "arl",
  alertEvent: "alr",
  webhook: "whk",
  webhookDelivery: "whd",
  webhookAttempt: "wha",
  webhookEvent: "evt",
  providerCredential: "crd",
  passwordReset: "pwr",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type Id<K extends IdKind> = `${(typeof ID_PREFIXES)[K]}_${string}`;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const BODY_LENGTH = 26;

export type IdGenerator = <K extends IdKind>(kind: K) => Id<K>;

/**
 * Builds an id generator from a clock, so tests can pin the time part. Ids one generator makes
 * in the same millisecond increase (the random part counts up from the first one's), so rows
 * written by one request sort in the order they were made (a merge's records, for one).
 */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  let last: { time: number; random: Uint8Array } | null = null;
  return (kind) => {
    const time = Math.max(0, Math.floor(now()));
    const random = new Uint8Array(10);
    if (last && time <= last.time) {
      random.set(last.random);
      // +1, big-endian; the first byte keeps its top bit clear at the start, so this cannot wrap in practice.
      for (let i = random.length - 1; i >= 0; i--) {
        random[i] = ((random[i] ?? 0) + 1) & 255;
        if (random[i] !== 0) break;
      }
      last = { time: last.time, random };
    } else {
      crypto.getRandomValues(random);
      random[0] = (random[0] ?? 0) & 0x7f;
      last = { time, random };
    }
    return `${ID_PREFIXES[kind]}_${encodeBody(last.time, random)}`;
  };
}

export const newId: IdGenerator = createIdGenerator();

export function isId<K extends IdKind>(kind: K, value: string): value is Id<K> {
  const prefix = `${ID_PREFIXES[kind]}_`;
  if (!value.startsWith(prefix) || value.length !== prefix.length + BODY_LENGTH) return false;
  for (const ch of value.slice(prefix.length)) if (!ALPHABET.includes(ch)) return false;
  return true;
}

function encodeBody(timeMs: number, random: Uint8Array): string {
  const bytes = new Uint8Array(16);
  let t = Math.max(0, Math.floor(timeMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes.set(random, 6);
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
