import type { SpanStatus } from "../../api/traceTypes";
import { Badge } from "../../ui/Badge";

/** OK / Error / Unset, as a badge. `compact` is the short form used next to names. */
export function StatusBadge({ status, compact }: { status: SpanStatus; compact?: boolean }) {
  if (status === "ERROR")
    return (
      <Badge tone="danger" dot className={compact ? "badge--compact" : undefined}>
        Error
      </Badge>
    );
  if (compact) return null;
  if (status === "OK")
    return (
      <Badge tone="success" dot>
        OK
      </Badge>
    );
  return <Badge dot>Unset</Badge>;
}
