import { useLocation } from "../router";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { IconSearch } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <div className="page" data-testid="not-found">
      <PageHeader title="Page not found" />
      <div className="panel">
        <EmptyState
          icon={IconSearch}
          title="There's nothing at this address"
          description={
            <>
              <code>{pathname}</code> doesn't match any page. Check the URL, or go back to the overview.
            </>
          }
          actions={
            <LinkButton href="/" variant="primary">
              Go to Overview
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
