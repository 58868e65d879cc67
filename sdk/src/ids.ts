function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  // An all-zero id is invalid in OTLP; the chance is negligible, but the loop makes it impossible.
  do crypto.getRandomValues(buffer);
  while (buffer.every((b) => b === 0));
  let hex = "";
  for (const b of buffer) hex += b.toString(16).padStart(2, "0");
  return hex;
}

export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);

export const isTraceId = (id: unknown): id is string =>
  typeof id === "string" && /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id);
export const isSpanId = (id: unknown): id is string =>
  typeof id === "string" && /^[0-9a-f]{16}$/.test(id) && !/^0+$/.test(id);

// Wall clock anchored once, advanced by the monotonic clock: sub-millisecond and never going backwards.
const anchorMs = Date.now();
const anchorPerf = performance.now();

/** Now, in nanoseconds since the epoch, as the decimal string OTLP/JSON expects. */
export function nowUnixNano(): string {
  return msToUnixNano(anchorMs + (performance.now() - anchorPerf));
}

export function msToUnixNano(ms: number): string {
  const whole = Math.floor(ms);
  const nanos = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * 1_000_000n + BigInt(nanos)).toString();
}
