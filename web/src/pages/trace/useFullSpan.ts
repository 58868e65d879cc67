import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ApiError, toApiError } from "../../api/errors";
import { getSpan } from "../../api/traces";
import type { Span } from "../../api/traceTypes";

/** The selected span's whole data (inputs, outputs, attributes, events), read on selection. */
export type FullSpan =
  | { status: "loading" }
  | { status: "ready"; span: Span }
  | { status: "error"; error: ApiError; retry: () => void };

/**
 * The trace page loads spans without their payloads; this reads the selected one whole. Answers
 * are kept for the page's lifetime (going back to a span shows it at once), and switching to
 * another span abandons the request for the previous one.
 */
export function useFullSpan(projectId: string, traceId: string, spanId: string | undefined): FullSpan {
  const cache = useRef(new Map<string, Span>()).current;
  const [failure, setFailure] = useState<{ spanId: string; error: ApiError } | null>(null);
  const [, setLoaded] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!spanId || cache.has(spanId)) return;
    setFailure(null);
    const controller = new AbortController();
    getSpan(projectId, traceId, spanId, { signal: controller.signal }).then(
      (span) => {
        cache.set(spanId, span);
        if (!controller.signal.aborted) setLoaded(spanId);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setFailure({ spanId, error: toApiError(error) });
      },
    );
    return () => controller.abort();
    // `attempt` is the retry trigger.
  }, [cache, projectId, traceId, spanId, attempt]);

  const retry = useCallback(() => setAttempt((value) => value + 1), []);

  const cached = spanId ? cache.get(spanId) : undefined;
  if (cached) return { status: "ready", span: cached };
  if (failure && failure.spanId === spanId) return { status: "error", error: failure.error, retry };
  return { status: "loading" };
}
