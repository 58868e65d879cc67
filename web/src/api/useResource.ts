import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ApiError, toApiError } from "./errors";

/**
 * Loads data for a component and reloads it when `key` changes:
 *   const [members, reload] = useResource(`members:${orgId}`, (signal) => listMembers(orgId, { signal }));
 * A null key means "nothing to load" (the state stays idle). Stale answers are dropped.
 */
export type Resource<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; data: T; reloading: boolean }
  | { status: "error"; error: ApiError };

export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): [Resource<T>, () => void] {
  const [state, setState] = useState<Resource<T>>(key === null ? { status: "idle" } : { status: "loading" });
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const lastKey = useRef<string | null>(null);

  useEffect(() => {
    if (key === null) {
      setState({ status: "idle" });
      lastKey.current = null;
      return;
    }
    const sameKey = lastKey.current === key;
    lastKey.current = key;
    // A reload of the same data keeps what is shown; a different key starts over.
    setState((current) =>
      sameKey && current.status === "ready" ? { ...current, reloading: true } : { status: "loading" },
    );
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: "ready", data, reloading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", error: toApiError(error) });
      },
    );
    return () => controller.abort();
    // `version` is the reload trigger.
  }, [key, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return [state, reload];
}
