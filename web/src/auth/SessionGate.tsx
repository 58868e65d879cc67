import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { LoadFailed } from "../pages/common/LoadFailed";
import { navigate, useRoute } from "../router";
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
 * Renders `children` (the app frame) only with a session: a spinner while it loads, and a
 * redirect to /login?next=<this page> without one. Public routes render `publicChildren`.
 */
export function SessionGate({
  children,
  publicChildren,
}: {
  children: ComponentChildren;
  publicChildren: ComponentChildren;
}) {
  const { status } = useSession();
  const { route } = useRoute();
  const mustSignIn = status === "anonymous" && !route.public;

  useEffect(() => {
    if (mustSignIn) navigate(authPath("/login", currentPath()), { replace: true });
  }, [mustSignIn]);

  if (status === "loading" || mustSignIn) return <FullPageSpinner />;
  if (status === "error") return <SessionError />;
  return <>{route.public ? publicChildren : children}</>;
}
