import type { ApiError } from "../../api/errors";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { IconRefresh } from "../../ui/icons";

/** Inline failure for the health check, with what a person needs to report it. */
export function HealthError({
  error,
  onRetry,
  retrying,
}: {
  error: ApiError;
  onRetry: () => void;
  retrying: boolean;
}) {
  return (
    <Alert
      tone="danger"
      title="Couldn't load system status"
      actions={
        <Button size="sm" icon={IconRefresh} onClick={onRetry} loading={retrying}>
          Retry
        </Button>
      }
    >
      <p>{error.message}</p>
      <dl className="error-meta">
        <div>
          <dt>Request</dt>
          <dd className="mono">GET /api/health</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd className="mono">{error.status === 0 ? "no response" : `HTTP ${error.status}`}</dd>
        </div>
        <div>
          <dt>Code</dt>
          <dd className="mono">{error.code}</dd>
        </div>
        <div>
          <dt>Request ID</dt>
          <dd className="mono" data-testid="error-request-id">
            {error.requestId ?? "—"}
          </dd>
        </div>
      </dl>
    </Alert>
  );
}
