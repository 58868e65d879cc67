import { readCapped } from "../http/body";
import { ApiError } from "../lib/errors";

/** Documented caps on an OTLP request body: as sent, and after gzip decompression. */
export const MAX_OTLP_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_OTLP_DECOMPRESSED_BYTES = 20 * 1024 * 1024;

const tooLarge = (limit: number, what: string) => () =>
  new ApiError("PAYLOAD_TOO_LARGE", `The ${what} is larger than ${limit} bytes; export smaller batches.`);

/** The request body as bytes, gunzipped when sent with Content-Encoding: gzip, within the caps. */
export async function readOtlpBody(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_OTLP_BODY_BYTES) throw tooLarge(MAX_OTLP_BODY_BYTES, "request body")();
  if (!request.body) return new Uint8Array();
  const raw = await readCapped(
    request.body,
    MAX_OTLP_BODY_BYTES,
    tooLarge(MAX_OTLP_BODY_BYTES, "request body"),
  );
  const encoding = (request.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding === "identity" || encoding === "") return raw;
  if (encoding !== "gzip") {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Encoding "${encoding}" is not supported; send gzip or no encoding.`,
    );
  }
  try {
    const inflated = new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"));
    return await readCapped(
      inflated,
      MAX_OTLP_DECOMPRESSED_BYTES,
      tooLarge(MAX_OTLP_DECOMPRESSED_BYTES, "decompressed body"),
    );
  } catch (err) {
    if (err instanceof ApiError && err.code === "PAYLOAD_TOO_LARGE") throw err;
    throw new ApiError("BAD_REQUEST", "The body is not valid gzip.");
  }
}
