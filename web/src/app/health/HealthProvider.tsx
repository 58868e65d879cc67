import { type ComponentChildren, createContext } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { type ApiError, toApiError } from "../../api/errors";
import { getHealth, type Health } from "../../api/health";

/**
 * One shared `GET /api/health` poller: the sidebar status dot and the System status card
 * read the same state, so the app makes one request per interval, not one per widget.
 */
export type HealthState =
  | { kind: "loading" }
  | { kind: "ready"; health: Health; checkedAt: Date }
  | { kind: "error"; error: ApiError; checkedAt: Date };

export interface HealthContextValue {
  state: HealthState;
  /** A check is in flight (also true during background polls). */
  refreshing: boolean;
  /** Check now. From the error state this shows the loading state again. */
  refresh: () => void;
}

export const POLL_INTERVAL_MS = 60_000;

const HealthContext = createContext<HealthContextValue | null>(null);

export function HealthProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<HealthState>({ kind: "loading" });
  const [refreshing, setRefreshing] = useState(false);
  const inFlight = useRef<AbortController | null>(null);
  const lastCheck = useRef(0);

  const check = useCallback(async () => {
    if (inFlight.current) return;
    const controller = new AbortController();
    inFlight.current = controller;
    setRefreshing(true);
    try {
      const health = await getHealth({ signal: controller.signal, timeoutMs: 10_000 });
      setState({ kind: "ready", health, checkedAt: new Date() });
    } catch (error) {
      if (controller.signal.aborted) return;
      setState({
        kind: "error",
        error: toApiError(error, "Unexpected error while checking health."),
        checkedAt: new Date(),
      });
    } finally {
      lastCheck.current = Date.now();
      if (inFlight.current === controller) inFlight.current = null;
      if (!controller.signal.aborted) setRefreshing(false);
    }
  }, []);

  const refresh = useCallback(() => {
    setState((current) => (current.kind === "error" ? { kind: "loading" } : current));
    void check();
  }, [check]);

  useEffect(() => {
    void check();
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void check();
    }, POLL_INTERVAL_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible" && Date.now() - lastCheck.current > POLL_INTERVAL_MS / 2) {
        void check();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      inFlight.current?.abort();
    };
  }, [check]);

  const value = useMemo(() => ({ state, refreshing, refresh }), [state, refreshing, refresh]);
  return <HealthContext.Provider value={value}>{children}</HealthContext.Provider>;
}

export function useHealth(): HealthContextValue {
  const value = useContext(HealthContext);
  if (!value) throw new Error("useHealth() must be used inside <HealthProvider>");
  return value;
}

export type StatusLevel = "ok" | "degraded" | "unknown";

/** ok/degraded as reported by the server; unknown while loading or when the check failed. */
export function statusLevel(state: HealthState): StatusLevel {
  return state.kind === "ready" ? state.health.status : "unknown";
}
