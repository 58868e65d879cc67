import { Router } from "../router";
import { notFoundRoute, routes } from "../router/routes";
import { ConfirmHost } from "../ui/confirm";
import { ToastProvider } from "../ui/Toaster";
import { HealthProvider } from "./health/HealthProvider";
import { Shell } from "./Shell";

export function App() {
  return (
    <ToastProvider>
      <HealthProvider>
        <Router routes={routes} notFound={notFoundRoute}>
          <Shell />
        </Router>
      </HealthProvider>
      <ConfirmHost />
    </ToastProvider>
  );
}
