import type { ComponentChildren } from "preact";
import { cx } from "./cx";
import type { IconComponent } from "./icons";

export interface EmptyStateProps {
  icon?: IconComponent;
  title: ComponentChildren;
  /** What will appear here and how to get it there. */
  description?: ComponentChildren;
  /** The primary action (usually one Button or LinkButton), plus optional secondary ones. */
  actions?: ComponentChildren;
  /** Extra content under the actions, e.g. a code snippet. */
  children?: ComponentChildren;
  /** Heading level for the title; pages use h2 under their h1. */
  headingLevel?: 2 | 3;
  className?: string;
}

export function EmptyState({
  icon: Icon,
  title,
  description,
  actions,
  children,
  headingLevel = 2,
  className,
}: EmptyStateProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className={cx("empty", className)}>
      {Icon && (
        <div className="empty__icon">
          <Icon size={22} />
        </div>
      )}
      <Heading className="empty__title">{title}</Heading>
      {description !== undefined && <p className="empty__description">{description}</p>}
      {actions !== undefined && <div className="empty__actions">{actions}</div>}
      {children !== undefined && <div className="empty__extra">{children}</div>}
    </div>
  );
}
