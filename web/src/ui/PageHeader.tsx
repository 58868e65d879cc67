import type { ComponentChildren } from "preact";

export interface PageHeaderProps {
  title: string;
  description?: ComponentChildren;
  actions?: ComponentChildren;
}

/**
 * The page's <h1>. It is focusable (tabindex -1) so the router can move focus to it after
 * navigation and screen readers announce the new page.
 */
export function PageHeader({ title, description, actions }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div className="page-header__text">
        <h1 className="page-header__title" data-testid="page-title" tabIndex={-1}>
          {title}
        </h1>
        {description !== undefined && <p className="page-header__description">{description}</p>}
      </div>
      {actions !== undefined && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}
