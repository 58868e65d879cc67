import { Logo } from "../ui/icons";
import { Spinner } from "../ui/Spinner";

/** Shown while the session loads (and while redirecting to the login page). */
export function FullPageSpinner({ label = "Loading Sightline…" }: { label?: string }) {
  return (
    <div className="fullpage" data-testid="session-loading">
      <Logo size={32} />
      <Spinner size="lg" label={label} />
    </div>
  );
}
