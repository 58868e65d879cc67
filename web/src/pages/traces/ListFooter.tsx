import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ApiError } from "../../api/errors";
import { formatInteger } from "../../app/numbers";
import { Button } from "../../ui/Button";
import { IconRefresh } from "../../ui/icons";
import { Spinner } from "../../ui/Spinner";

export interface ListFooterProps {
  colSpan: number;
  count: number;
  hasMore: boolean;
  loading: boolean;
  error: ApiError | null;
  onLoadMore: () => void;
}

/**
 * The last row of an endless list. While more pages exist it watches itself with an
 * IntersectionObserver and asks for the next page as it nears the viewport.
 */
export function ListFooter({ colSpan, count, hasMore, loading, error, onLoadMore }: ListFooterProps) {
  const ref = useRef<HTMLTableRowElement>(null);
  const onLoadMoreRef = useRef(onLoadMore);
  onLoadMoreRef.current = onLoadMore;
  const armed = hasMore && !loading && !error;

  useEffect(() => {
    const row = ref.current;
    if (!row || !armed) return;
    // Re-created after every page: observing fires at once if the row is still in view.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onLoadMoreRef.current();
      },
      { rootMargin: "0px 0px 480px 0px" },
    );
    observer.observe(row);
    return () => observer.disconnect();
  }, [armed, count]);

  let content: ComponentChildren;
  let testId: string;
  if (error) {
    testId = "traces-more-error";
    content = (
      <span className="list-footer__content list-footer__content--error">
        Couldn't load more traces: {error.message}
        <Button size="sm" icon={IconRefresh} onClick={onLoadMore}>
          Retry
        </Button>
      </span>
    );
  } else if (loading || hasMore) {
    testId = "traces-loading-more";
    content = (
      <span className="list-footer__content">
        <Spinner size="sm" /> Loading more traces…
      </span>
    );
  } else {
    testId = "traces-end";
    content = (
      <span className="list-footer__content muted">
        {count === 1 ? "That's the only trace" : `That's all ${formatInteger(count)} traces`}
      </span>
    );
  }
  return (
    <tr ref={ref} className="list-footer" data-testid={testId}>
      <td colSpan={colSpan}>{content}</td>
    </tr>
  );
}
