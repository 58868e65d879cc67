import { ApiError, errorMessage } from "../api/errors";
import { toast } from "../ui/toast";

/**
 * A failure toast for an action. 401s are skipped: the session already redirects to the
 * login page, so a "sign in" toast would only add noise.
 */
export function notifyError(title: string, error: unknown): void {
  if (error instanceof ApiError && error.status === 401) return;
  const message = errorMessage(error);
  const requestId = error instanceof ApiError ? error.requestId : null;
  toast.error(title, { description: requestId ? `${message} (request ${requestId})` : message });
}
