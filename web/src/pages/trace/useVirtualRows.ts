import type { RefObject } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";

export interface VirtualWindow {
  /** First and one-past-last row index to render (overscan included). */
  start: number;
  end: number;
  /** Scrolls the least needed to show row `index` whole. */
  reveal: (index: number) => void;
}

/**
 * Which rows of a fixed-height list are in (or near) the scroll container's viewport. Scroll
 * events are coalesced to one state update per animation frame.
 */
export function useVirtualRows(
  ref: RefObject<HTMLElement | null>,
  rowCount: number,
  rowHeight: number,
  overscan = 12,
): VirtualWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = window.requestAnimationFrame(() => {
        frame = 0;
        setScrollTop(element.scrollTop);
      });
    };
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 600));
    observer.observe(element);
    setHeight(element.clientHeight || 600);
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      element.removeEventListener("scroll", onScroll);
      observer.disconnect();
      if (frame) window.cancelAnimationFrame(frame);
    };
  }, [ref]);

  const reveal = useCallback(
    (index: number) => {
      const element = ref.current;
      if (!element) return;
      const top = index * rowHeight;
      const bottom = top + rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (bottom > element.scrollTop + element.clientHeight) {
        element.scrollTop = bottom - element.clientHeight;
      }
      setScrollTop(element.scrollTop);
    },
    [ref, rowHeight],
  );

  const first = Math.floor(scrollTop / rowHeight);
  const shown = Math.ceil(height / rowHeight);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(rowCount, first + shown + overscan),
    reveal,
  };
}
