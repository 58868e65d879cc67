import type { ComponentChildren } from "preact";
import { SECTION } from "../../app/sections";
import { LinkButton } from "../../ui/Button";
import { EmptyState } from "../../ui/EmptyState";
import type { IconComponent } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";

export interface PageMessageProps {
  title: string;
  heading: string;
  description: ComponentChildren;
  /** The way on: a link back to the runs. */
  action: { href: string; label: string };
  testId: string;
  /** The section's icon; the evaluations' by default. */
  icon?: IconComponent;
}

/** A page with nothing to show but why and the way on (a run not found, no runs picked to compare). */
export function PageMessage({ title, heading, description, action, testId, icon }: PageMessageProps) {
  return (
    <div className="page">
      <PageHeader title={title} />
      <div className="panel" data-testid={testId}>
        <EmptyState
          icon={icon ?? SECTION.evaluations.icon}
          title={heading}
          description={description}
          actions={
            <LinkButton href={action.href} variant="primary">
              {action.label}
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
