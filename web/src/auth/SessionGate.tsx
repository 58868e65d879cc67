import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { LoadFailed } from "../pages/common/LoadFailed";
import { navigate } from "../router";
import { FullPageSpinner } from "./FullPageSpinner";
import { authPath, currentPath } from "./redirect";
import { useSession } from "./SessionProvider";

function SessionError() {
  const { error, refresh } = useSession();
  return (
    <div className="fullpage">
      <LoadFailed
        what="your session"
        error={error ?? { message: "The server didn't answer.", requestId: null }}
        onRetry={() => void refresh()}
        className="fullpage__message"
      />
    </div>
  );
}

/**
 * Renders `children` once the session has loaded: a spinner until then, and, on a page that needs
 * a session (not `isPublic`), a redirect to /login?next=<this page> without one.
 */
export function SessionGate({ isPublic, children }: { isPublic: boolean; children: ComponentChildren }) {
  const { status } = useSession();
  const mustSignIn = status === "anonymous" && !isPublic;

  useEffect(() => {
    if (mustSignIn) navigate(authPath("/login", currentPath()), { replace: true });
  }, [mustSignIn]);

  if (status === "loading" || mustSignIn) return <FullPageSpinner />;
  if (status === "error") return <SessionError />;
  return <>{children}</>;
}
