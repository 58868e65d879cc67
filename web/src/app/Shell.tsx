import { useEffect, useRef, useState } from "preact/hooks";
import { Outlet, useFocusOnNavigate, useRoute } from "../router";
import { cx } from "../ui/cx";
import { ErrorBoundary } from "./ErrorBoundary";
import { Sidebar } from "./Sidebar";
import { TopBar } from "./TopBar";

const NARROW_QUERY = "(max-width: 800px)";

function skipToContent() {
  document.getElementById("main")?.focus();
}

/** The app frame: sidebar, top bar and the routed page. */
export function Shell() {
  const { pathname } = useRoute();
  const [navOpen, setNavOpen] = useState(false);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const closeButtonRef = useRef<HTMLButtonElement>(null);
  useFocusOnNavigate();

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
          <ErrorBoundary key={pathname}>
            <Outlet />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
