import { INVALID_KEY_MESSAGE } from "../auth/authenticate";
import type { KeyContext } from "../auth/context";
import { ingestKeys } from "../auth/key-cache";
import { ApiError } from "../lib/errors";
import { JsonInputError, parseJsonInput } from "../lib/json-input";
import { queueSettles } from "../monitoring/schedule";
import { pricesFor } from "../prices/org-prices";
import { acceptSpans } from "./accept";
import { decodeOtlpJson, OtlpDecodeError } from "./otlp/decode-json";
import { decodeOtlpProtobuf } from "./otlp/decode-protobuf";
import { storeSpans } from "./store";

export type OtlpEncoding = "json" | "protobuf";
export type IngestResult = { accepted: number; rejected: number; message: string | null; storeMs: number };

function decode(bytes: Uint8Array, encoding: OtlpEncoding) {
  if (encoding === "protobuf") return decodeOtlpProtobuf(bytes);
  let body: unknown;
  try {
    // Bytes that are not UTF-8 decode to U+FFFD; the JSON boundary mends escaped lone surrogates.
    body = parseJsonInput(new TextDecoder().decode(bytes)).value;
  } catch (err) {
    if (err instanceof JsonInputError) throw new OtlpDecodeError(err.message);
    throw err;
  }
  return decodeOtlpJson(body);
}

/** Decodes an OTLP export, normalises its spans and stores them; invalid spans are counted, not fatal. */
export async function ingestOtlpExport({
  ctx,
  input: { bytes, encoding, waitUntil },
}: {
  /** Acting as the API key sending the export; the write checks the key again (see storeSpans). */
  ctx: KeyContext;
  input: {
    bytes: Uint8Array;
    encoding: OtlpEncoding;
    /** Work that may finish after the answer is sent (the Worker's `waitUntil`); else it is awaited. */
    waitUntil?: ((work: Promise<unknown>) => void) | undefined;
  };
}): Promise<IngestResult> {
  let decoded: ReturnType<typeof decode>;
  try {
    decoded = decode(bytes, encoding);
  } catch (err) {
    if (err instanceof OtlpDecodeError)
      throw new ApiError("BAD_REQUEST", `Undecodable OTLP ${encoding}: ${err.message}.`);
    throw err;
  }
  const usable = acceptSpans(decoded, ctx.services.clock.now() * 1000);
  const { spans } = usable;
  // A database that cannot be reached becomes 503 + Retry-After in the shared error mapping.
  const prices = await pricesFor(ctx);
  const storeStarted = Date.now();
  const { keyValid, promptsUnlinked, pending } = await storeSpans({ ctx, spans, prices });
  if (!keyValid) {
    ingestKeys.forget(ctx.principal.keyId);
    throw new ApiError("UNAUTHENTICATED", INVALID_KEY_MESSAGE);
  }
  // The spans are stored: the monitors' settle jobs go out after the answer (the client need not
  // wait for the queue), and a send that fails must not fail the request (the client would send
  // again for nothing): the pending rows stay, and the pending sweep queues them.
  if (pending.length > 0) {
    const settles = queueSettles(
      ctx.services.jobs,
      { orgId: ctx.org.id, projectId: ctx.project.id },
      pending,
      ctx.services.clock.now(),
    ).catch((err: unknown) => console.error("could not queue monitoring settle jobs; the sweep will", err));
    if (waitUntil) waitUntil(settles);
    else await settles;
  }
  // Prompt references naming no version of the project are not linked; the answer says so as an
  // OTLP partial-success warning (rejected spans 0, a message), the spans themselves are stored.
  const messages = [
    usable.rejected > 0 ? `${usable.rejected} span(s) rejected: ${usable.errors.join("; ")}` : null,
    promptsUnlinked.length > 0
      ? `${promptsUnlinked.length} prompt reference(s) not linked (no such prompt version in this project): ${promptsUnlinked.slice(0, 10).join(", ")}`
      : null,
  ].filter((m) => m !== null);
  return {
    storeMs: Date.now() - storeStarted,
    accepted: spans.length,
    rejected: usable.rejected,
    message: messages.length > 0 ? messages.join("; ") : null,
  };
}
