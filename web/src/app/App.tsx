import { Route, Router } from "preact-iso/router";
import { SessionProvider } from "../auth/SessionProvider";
import { LocationProvider } from "../router";
import { NOT_FOUND_ROUTE, ROUTES } from "../router/routes";
import { ConfirmHost } from "../ui/confirm";
import { ToastProvider } from "../ui/Toaster";
import { HealthProvider } from "./health/HealthProvider";
import { RoutedPage } from "./RoutedPage";
import { focusPageHeading } from "./Shell";

export function App() {
  return (
    <ToastProvider>
      <LocationProvider>
        <SessionProvider>
          <HealthProvider>
            <Router onRouteChange={focusPageHeading}>
              {ROUTES.map((route) => (
                // One key and one component for every route: the page changes, the frame stays.
                <Route key="page" path={route.path} component={RoutedPage} route={route} />
              ))}
              <Route key="page" default component={RoutedPage} route={NOT_FOUND_ROUTE} />
            </Router>
          </HealthProvider>
        </SessionProvider>
      </LocationProvider>
      <ConfirmHost />
    </ToastProvider>
  );
}
