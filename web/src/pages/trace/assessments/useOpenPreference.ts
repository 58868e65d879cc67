import { useCallback, useState } from "preact/hooks";

/** Whether the trace page's assessments panel is open, remembered in localStorage (open by default). */
export const PANEL_KEY = "sightline.trace.assessments";

function readOpen(): boolean {
  try {
    return window.localStorage.getItem(PANEL_KEY) !== "closed";
  } catch {
    return true;
  }
}

export function useOpenPreference(): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(readOpen);
  const setOpen = useCallback((next: boolean) => {
    setOpenState(next);
    try {
      window.localStorage.setItem(PANEL_KEY, next ? "open" : "closed");
    } catch {
      // Not remembered; the choice still holds on this page.
    }
  }, []);
  return [open, setOpen];
}
