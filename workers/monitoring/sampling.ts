/**
 * Deterministic, nested sampling: every monitor compares the same number, `sampleKey(id)` in
 * [0, 1), with its rate, so a trace sampled at 10 % is sampled at 50 % too, and two monitors'
 * scores come from the same traces wherever their rates overlap. The key is a hash, not the id's
 * own digits: trace ids are random in OpenTelemetry SDKs but not in every app (sequential test
 * ids, ids derived from request ids), and session ids are whatever the app chose.
 *
 * FNV-1a (32 bits) over the id's UTF-16 code units, then murmur3's final mix so that ids differing
 * in their last character land far apart. Stable across runtimes and versions: changing it would
 * change which traces every monitor samples.
 */
export function sampleKey(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** Whether a monitor at `rate` (0 … 1) scores the trace or session `id`. */
export function sampled(id: string, rate: number): boolean {
  return sampleKey(id) < rate;
}
