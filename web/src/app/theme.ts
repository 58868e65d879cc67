import { useEffect, useState } from "preact/hooks";

/**
 * Light/dark theme. The OS preference is the default; an explicit choice is stored in
 * localStorage and applied as [data-theme] on <html>. index.html applies it before first
 * paint with the same key, so keep STORAGE_KEY in sync with the inline script there.
 */
export type Theme = "light" | "dark";

export const STORAGE_KEY = "sightline.theme";

const media = window.matchMedia("(prefers-color-scheme: dark)");
const listeners = new Set<(theme: Theme) => void>();

function isTheme(value: unknown): value is Theme {
  return value === "light" || value === "dark";
}

export function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isTheme(value) ? value : null;
  } catch {
    return null; // Storage can be disabled (privacy modes); fall back to the OS preference.
  }
}

export function systemTheme(): Theme {
  return media.matches ? "dark" : "light";
}

export function currentTheme(): Theme {
  const applied = document.documentElement.dataset.theme;
  return isTheme(applied) ? applied : (storedTheme() ?? systemTheme());
}

function apply(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  for (const listener of listeners) listener(theme);
}

/** Switch theme and remember the choice. */
export function setTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not persisted, but still applied for this page view.
  }
  apply(theme);
}

export function toggleTheme(): void {
  setTheme(currentTheme() === "dark" ? "light" : "dark");
}

/** Call once at startup: applies the theme and follows OS/other-tab changes. */
export function initTheme(): void {
  apply(storedTheme() ?? systemTheme());
  media.addEventListener("change", () => {
    if (storedTheme() === null) apply(systemTheme());
  });
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY) apply(storedTheme() ?? systemTheme());
  });
}

export function useTheme(): Theme {
  const [theme, setState] = useState<Theme>(currentTheme);
  useEffect(() => {
    setState(currentTheme());
    listeners.add(setState);
    return () => {
      listeners.delete(setState);
    };
  }, []);
  return theme;
}
