import { useCallback, useEffect, useState } from "preact/hooks";
import { isFeedbackName } from "./filters";

/** The feedback columns of a project's traces table, remembered in localStorage per project. */
export const FEEDBACK_COLUMNS_KEY = "sightline.traces.feedbackColumns";

/** The API adds at most this many feedback names to each trace. */
export const MAX_FEEDBACK_COLUMNS = 10;

const keyOf = (projectId: string) => `${FEEDBACK_COLUMNS_KEY}:${projectId}`;

export function readFeedbackColumns(projectId: string): string[] {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(keyOf(projectId)) ?? "[]");
    if (!Array.isArray(value)) return [];
    const names = value.filter((name): name is string => typeof name === "string" && isFeedbackName(name));
    return [...new Set(names)].slice(0, MAX_FEEDBACK_COLUMNS);
  } catch {
    return [];
  }
}

function writeFeedbackColumns(projectId: string, names: readonly string[]): void {
  try {
    window.localStorage.setItem(keyOf(projectId), JSON.stringify(names));
  } catch {
    // Not persisted; the choice still holds for this page view.
  }
}

export function useFeedbackColumns(projectId: string) {
  const [names, setNames] = useState<string[]>(() => readFeedbackColumns(projectId));
  useEffect(() => setNames(readFeedbackColumns(projectId)), [projectId]);

  const toggle = useCallback(
    (name: string) =>
      setNames((current) => {
        const next = current.includes(name)
          ? current.filter((item) => item !== name)
          : [...current, name].slice(0, MAX_FEEDBACK_COLUMNS);
        writeFeedbackColumns(projectId, next);
        return next;
      }),
    [projectId],
  );
  const reset = useCallback(() => {
    writeFeedbackColumns(projectId, []);
    setNames([]);
  }, [projectId]);
  return { feedbackColumns: names, toggleFeedbackColumn: toggle, resetFeedbackColumns: reset };
}
