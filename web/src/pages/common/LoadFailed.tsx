import type { ApiError } from "../../api/errors";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { IconRefresh } from "../../ui/icons";

export interface LoadFailedProps {
  /** Completes the title "Couldn't load …" (e.g. "the trace"). */
  what: string;
  /** What went wrong: its message, and the request id to quote when there is one. */
  error: Pick<ApiError, "message" | "requestId">;
  onRetry: () => void;
  /** Class of the wrapper. */
  className?: string;
  testId?: string;
}

/** The inline half of a failed load (the toast is the other half), with a retry. */
export function LoadFailed({ what, error, onRetry, className, testId }: LoadFailedProps) {
  return (
    <div className={className} data-testid={testId}>
      <Alert
        tone="danger"
        title={`Couldn't load ${what}`}
        actions={
          <Button size="sm" icon={IconRefresh} onClick={onRetry}>
            Retry
          </Button>
        }
      >
        <p>{error.message}</p>
        {error.requestId && <p className="mono">Request {error.requestId}</p>}
      </Alert>
    </div>
  );
}
