import { useEffect, useRef, useState } from "preact/hooks";
import { getLocation, navigate } from "../../router";
import type { SpanTree } from "./spanTree";

/**
 * The selected span's position, starting from `?span=<spanId>` (else the first root). The URL
 * follows the selection after a short pause, so holding an arrow key doesn't flood history.
 */
export function useSelectedSpan(
  tree: SpanTree,
): [number, (update: number | ((current: number) => number)) => void] {
  const [selected, setSelected] = useState(() => {
    const wanted = new URLSearchParams(getLocation().search).get("span");
    return (wanted ? tree.positions.get(wanted) : undefined) ?? 0;
  });
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const spanId = tree.spans[selected]?.spanId;
    if (!spanId) return;
    const timer = window.setTimeout(() => {
      const { pathname, search, hash } = getLocation();
      const params = new URLSearchParams(search);
      if (params.get("span") === spanId) return;
      params.set("span", spanId);
      navigate(`${pathname}?${params.toString()}${hash}`, { replace: true });
    }, 400);
    return () => window.clearTimeout(timer);
  }, [selected, tree]);

  return [Math.min(selected, Math.max(0, tree.spans.length - 1)), setSelected];
}
