import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "../router";
import { cx } from "../ui/cx";
import { ErrorBoundary } from "./ErrorBoundary";
import { Sidebar } from "./Sidebar";
import { TopBar } from "./TopBar";

const NARROW_QUERY = "(max-width: 800px)";

function skipToContent() {
  document.getElementById("main")?.focus();
}

/**
 * After client-side navigation (once a lazily loaded page is in), move focus to the page's <h1>
 * so screen readers announce the new page. preact-iso has already scrolled to the top.
 */
export function focusPageHeading(): void {
  document.querySelector<HTMLElement>("main h1")?.focus({ preventScroll: true });
}

/** The app frame: sidebar, top bar and the routed page. */
export function Shell({ children }: { children: ComponentChildren }) {
  const { pathname } = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const closeButtonRef = useRef<HTMLButtonElement>(null);

  // Navigating (or widening the window) closes the drawer.
  useEffect(() => setNavOpen(false), [pathname]);
  useEffect(() => {
    const query = window.matchMedia(NARROW_QUERY);
    const onChange = () => {
      if (!query.matches) setNavOpen(false);
    };
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);

  useEffect(() => {
    if (!navOpen) return;
    closeButtonRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setNavOpen(false);
        menuButtonRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [navOpen]);

  return (
    <div className={cx("shell", navOpen && "nav-open")}>
      <button type="button" className="skip-link" onClick={skipToContent}>
        Skip to content
      </button>
      <Sidebar open={navOpen} onClose={() => setNavOpen(false)} closeButtonRef={closeButtonRef} />
      <div className="shell__backdrop" aria-hidden="true" onClick={() => setNavOpen(false)} />
      <div className="shell__column">
        <TopBar navOpen={navOpen} onOpenNav={() => setNavOpen(true)} menuButtonRef={menuButtonRef} />
        <main id="main" className="shell__main" tabIndex={-1}>
          <ErrorBoundary key={pathname}>{children}</ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
