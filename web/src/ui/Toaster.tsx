import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { cx } from "./cx";
import { IconAlert, IconCheckCircle, IconClose, IconInfo } from "./icons";
import { dismissToast, getToasts, subscribeToasts, type ToastItem } from "./toast";

const ICONS = { success: IconCheckCircle, error: IconAlert, info: IconInfo } as const;

function Toast({ item, paused }: { item: ToastItem; paused: boolean }) {
  const remaining = useRef(item.duration);
  const startedAt = useRef(0);

  useEffect(() => {
    // A replaced toast (same id) gets a fresh timer.
    remaining.current = item.duration;
  }, [item]);

  useEffect(() => {
    if (paused || item.leaving || item.duration === 0) return;
    startedAt.current = Date.now();
    const timer = window.setTimeout(() => dismissToast(item.id), remaining.current);
    return () => {
      window.clearTimeout(timer);
      remaining.current -= Date.now() - startedAt.current;
    };
  }, [paused, item]);

  const Icon = ICONS[item.tone];
  return (
    <div className={cx("toast", `toast--${item.tone}`, item.leaving && "is-leaving")}>
      <Icon className="toast__icon" size={16} />
      <div className="toast__content">
        <p className="toast__title">{item.title}</p>
        {item.description && <p className="toast__description">{item.description}</p>}
      </div>
      <button
        type="button"
        className="toast__close"
        aria-label="Dismiss notification"
        onClick={() => dismissToast(item.id)}
      >
        <IconClose size={14} />
      </button>
    </div>
  );
}

/** Renders toasts raised with `toast.*()`. The live region is always present so additions are announced. */
export function ToastProvider({ children }: { children?: ComponentChildren }) {
  const [items, setItems] = useState(getToasts);
  // Hovering or focusing the stack pauses every timer, so nothing vanishes while being read.
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    setItems(getToasts());
    return subscribeToasts(setItems);
  }, []);

  return (
    <>
      {children}
      <section className="toaster" aria-label="Notifications">
        <div
          role="status"
          aria-live="polite"
          className="toaster__list"
          data-testid="toasts"
          onMouseEnter={() => setPaused(true)}
          onMouseLeave={() => setPaused(false)}
          onFocusIn={() => setPaused(true)}
          onFocusOut={() => setPaused(false)}
        >
          {items.map((item) => (
            <Toast key={item.id} item={item} paused={paused} />
          ))}
        </div>
      </section>
    </>
  );
}
