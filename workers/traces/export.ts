import { type ProjectContext, streamingScope } from "../auth/context";
import { spansOf, withSpans } from "./detail";
import { pageOfTraces, type TracePageInput } from "./list";
import type { Plan } from "./plan";

/** Traces per internal page: one list query and one spans query each. */
const EXPORT_PAGE = 100;

/**
 * The matching traces as JSON Lines, one full trace (with spans) per line, streamed: each pull
 * reads the next page, so memory stays at one page however many traces there are. Stops after
 * `limit` traces (the route caps it at EXPORT_CAP). The first page is read before answering, so
 * a failing database is still an error status rather than a cut stream.
 */
export async function exportTraces({
  ctx: request,
  input: { filter, sort, order, limit },
}: {
  ctx: ProjectContext;
  input: Omit<TracePageInput, "cursor">;
}): Promise<ReadableStream<Uint8Array>> {
  // The stream outlives the request's time for the database (10,000 traces take longer than 5 s).
  const ctx = streamingScope(request);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let plan: Plan | undefined;
  let sent = 0;
  let more = true;

  async function nextChunk(): Promise<Uint8Array | null> {
    if (!more || sent >= limit) return null;
    const page = await pageOfTraces({
      ctx,
      input: { filter, sort, order, limit: Math.min(EXPORT_PAGE, limit - sent), cursor },
      plan,
    });
    plan = page.plan;
    const bySpan = await spansOf(
      ctx,
      page.rows.map((r) => r.traceId),
    );
    sent += page.rows.length;
    cursor = page.nextCursor ?? undefined;
    more = page.nextCursor !== null;
    if (page.rows.length === 0) return null;
    const lines = page.rows.map((r) => `${JSON.stringify(withSpans(r, bySpan.get(r.traceId) ?? []))}\n`);
    return encoder.encode(lines.join(""));
  }

  let pending = await nextChunk();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = pending ?? (await nextChunk());
        pending = null;
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      } catch (err) {
        // The status line is already sent; a cut stream is how the client learns of the failure.
        console.error("trace export failed", err);
        controller.error(err);
      }
    },
  });
}
