import type { ApiError } from "../../api/errors";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { IconRefresh } from "../../ui/icons";

/** The inline half of a failed load (the toast is the other half), with a retry. */
export function LoadFailed({ what, error, onRetry }: { what: string; error: ApiError; onRetry: () => void }) {
  return (
    <div data-testid="load-error">
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
