import { ApiError } from "../lib/errors";

/**
 * Reads a request body stream whole, refusing it past `limit` bytes. A body that breaks off
 * (truncated, malformed chunked encoding, client gone) is the caller's fault: 400, never a 503.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  tooLarge: () => ApiError,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      throw new ApiError(
        "BAD_REQUEST",
        `The request body could not be read to its end (${err instanceof Error ? err.message : String(err)}); send it again.`,
      );
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
