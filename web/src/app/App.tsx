import { SessionGate } from "../auth/SessionGate";
import { SessionProvider } from "../auth/SessionProvider";
import { Outlet, Router } from "../router";
import { notFoundRoute, routes } from "../router/routes";
import { ConfirmHost } from "../ui/confirm";
import { ToastProvider } from "../ui/Toaster";
import { HealthProvider } from "./health/HealthProvider";
import { Shell } from "./Shell";

export function App() {
  return (
    <ToastProvider>
      <SessionProvider>
        <HealthProvider>
          <Router routes={routes} notFound={notFoundRoute}>
            <SessionGate publicChildren={<Outlet />}>
              <Shell />
            </SessionGate>
          </Router>
        </HealthProvider>
      </SessionProvider>
      <ConfirmHost />
    </ToastProvider>
  );
}
