import { useEffect } from "preact/hooks";
import { nextFromSearch } from "../../auth/redirect";
import { useSession } from "../../auth/SessionProvider";
import { navigate, useLocation } from "../../router";

/** /login and /signup with a session: go where the user was heading. Returns that target. */
export function useRedirectWhenSignedIn(): string {
  const { status } = useSession();
  const { search } = useLocation();
  const next = nextFromSearch(search) ?? "/";
  useEffect(() => {
    if (status === "ready") navigate(next, { replace: true });
  }, [status, next]);
  return next;
}
