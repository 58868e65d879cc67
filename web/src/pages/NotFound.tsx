import type { ComponentChildren } from "preact";
import { useLocation } from "../router";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { IconSearch } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";

export interface NotFoundPageProps {
  /** What is missing, said without telling whether it exists for someone else. */
  title?: string;
  description?: ComponentChildren;
}

/**
 * The one answer for an address that leads nowhere the viewer may go: no such page, a project
 * they can't see, a trace in none of their projects.
 */
export function NotFoundPage({ title, description }: NotFoundPageProps) {
  const { pathname } = useLocation();
  return (
    <div className="page" data-testid="not-found">
      <PageHeader title="Page not found" />
      <div className="panel">
        <EmptyState
          icon={IconSearch}
          title={title ?? "There's nothing at this address"}
          description={
            description ?? (
              <>
                <code>{pathname}</code> doesn't match any page you can open. Check the URL, or go back to the
                overview.
              </>
            )
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
