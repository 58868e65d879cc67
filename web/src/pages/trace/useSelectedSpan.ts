import { useEffect, useRef, useState } from "preact/hooks";
import { navigate, useLocation } from "../../router";
import type { SpanTree } from "./spanTree";

/**
 * The selected span's position, kept in `?span=<spanId>` (else the first root) so a copied link
 * opens the same span. The URL follows the selection after a short pause, replacing the history
 * entry, so holding an arrow key doesn't flood history; a change of the URL from outside (a link,
 * back/forward) moves the selection.
 */
export function useSelectedSpan(
  tree: SpanTree,
): [number, (update: number | ((current: number) => number)) => void] {
  const wanted = new URLSearchParams(useLocation().search).get("span");
  const [selected, setSelected] = useState(() => (wanted ? tree.positions.get(wanted) : undefined) ?? 0);
  // The span the URL stands for (a URL without one stands for the first): its echo is no change.
  const inUrl = useRef(wanted ?? tree.spans[selected]?.spanId ?? null);

  useEffect(() => {
    if (wanted === null || wanted === inUrl.current) return;
    inUrl.current = wanted;
    const position = tree.positions.get(wanted);
    if (position !== undefined) setSelected(position);
  }, [wanted, tree]);

  useEffect(() => {
    const spanId = tree.spans[selected]?.spanId;
    if (!spanId || spanId === inUrl.current) return;
    const timer = window.setTimeout(() => {
      const { pathname, search, hash } = window.location;
      const params = new URLSearchParams(search);
      inUrl.current = spanId;
      params.set("span", spanId);
      navigate(`${pathname}?${params.toString()}${hash}`, { replace: true });
    }, 400);
    return () => window.clearTimeout(timer);
  }, [selected, tree]);

  return [Math.min(selected, Math.max(0, tree.spans.length - 1)), setSelected];
}
