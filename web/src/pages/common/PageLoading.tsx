import { Spinner } from "../../ui/Spinner";

/** A page's body while the router works out what to show (a project check, a redirect). */
export function PageLoading({ label }: { label: string }) {
  return (
    <div className="page page--loading" data-testid="page-loading">
      <Spinner size="lg" label={label} />
    </div>
  );
}
