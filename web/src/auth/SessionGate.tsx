import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { navigate, useRoute } from "../router";
import { Alert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { IconRefresh } from "../ui/icons";
import { FullPageSpinner } from "./FullPageSpinner";
import { authPath, currentPath } from "./redirect";
import { useSession } from "./SessionProvider";

function SessionError() {
  const { error, refresh } = useSession();
  return (
    <div className="fullpage">
      <div className="fullpage__message">
        <Alert
          tone="danger"
          title="Couldn't load your session"
          actions={
            <Button size="sm" icon={IconRefresh} onClick={() => void refresh()}>
              Retry
            </Button>
          }
        >
          <p>{error?.message ?? "The server didn't answer."}</p>
          {error?.requestId && <p className="mono">Request {error.requestId}</p>}
        </Alert>
      </div>
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
