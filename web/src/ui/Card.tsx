import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { cx } from "./cx";

export interface CardProps {
  title?: ComponentChildren;
  description?: ComponentChildren;
  /** Controls on the right of the header. */
  actions?: ComponentChildren;
  footer?: ComponentChildren;
  /** Drop the body padding (for tables and lists that run edge to edge). */
  flush?: boolean;
  className?: string;
  children?: ComponentChildren;
  "data-testid"?: string;
}

/** A bordered surface. With a title it is a labelled <section>. */
export function Card({
  title,
  description,
  actions,
  footer,
  flush,
  className,
  children,
  ...rest
}: CardProps) {
  const headingId = useId();
  const hasHeader = title !== undefined || actions !== undefined;
  return (
    <section
      className={cx("card", className)}
      aria-labelledby={title !== undefined ? headingId : undefined}
      data-testid={rest["data-testid"]}
    >
      {hasHeader && (
        <header className="card__header">
          <div className="card__heading">
            {title !== undefined && (
              <h2 className="card__title" id={headingId}>
                {title}
              </h2>
            )}
            {description !== undefined && <p className="card__description">{description}</p>}
          </div>
          {actions !== undefined && <div className="card__actions">{actions}</div>}
        </header>
      )}
      <div className={cx("card__body", flush && "card__body--flush")}>{children}</div>
      {footer !== undefined && <footer className="card__footer">{footer}</footer>}
    </section>
  );
}
