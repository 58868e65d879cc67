import { useEffect, useRef, useState } from "preact/hooks";
import { type ApiError, toApiError } from "../../api/errors";
import { type Resource, useResource } from "../../api/useResource";

export const POLL_MS = 2_000;
/** Failed polls in a row before the page says so (what is shown stays, and polling goes on). */
const PATIENCE = 3;

/**
 * A resource read again every two seconds while `live(data)` holds (a run is still scoring).
 * A failed poll keeps what is shown; after a few in a row, `pollError` says so.
 */
export function usePolledResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  live: (data: T) => boolean,
): { state: Resource<T>; reload: () => void; pollError: ApiError | null } {
  const [state, reload] = useResource(key, load);
  const [polled, setPolled] = useState<{ key: string; data: T } | null>(null);
  const [pollError, setPollError] = useState<ApiError | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const liveRef = useRef(live);
  liveRef.current = live;
  const first = state.status === "ready" ? state.data : null;

  useEffect(() => {
    setPolled(null);
    setPollError(null);
    if (first === null || !liveRef.current(first)) return;
    const controller = new AbortController();
    let failures = 0;
    let timer = 0;
    const tick = async () => {
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        failures = 0;
        setPollError(null);
        setPolled({ key, data });
        if (!liveRef.current(data)) return;
      } catch (cause) {
        if (controller.signal.aborted) return;
        if (++failures >= PATIENCE) setPollError(toApiError(cause));
      }
      timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    timer = window.setTimeout(() => void tick(), POLL_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [key, first]);

  const shown: Resource<T> =
    state.status === "ready" && polled?.key === key ? { ...state, data: polled.data } : state;
  return { state: shown, reload, pollError };
}
