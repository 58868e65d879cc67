import type { ApiError } from "../../api/errors";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { IconRefresh } from "../../ui/icons";

/** Inline failure of a settings list, with a retry. */
export function LoadError({ what, error, onRetry }: { what: string; error: ApiError; onRetry: () => void }) {
  return (
    <div className="settings-pad">
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

export function LoadingRows({ label }: { label: string }) {
  return (
    <div className="settings-loading" role="status">
      <span className="visually-hidden">{label}</span>
      {[0, 1, 2].map((row) => (
        <span key={row} className="skeleton settings-loading__row" aria-hidden="true" />
      ))}
    </div>
  );
}
