import type { ComponentChildren } from "preact";
import { ThemeToggle } from "../../app/ThemeToggle";
import { Link } from "../../router";
import { Logo } from "../../ui/icons";

export interface AuthLayoutProps {
  title: string;
  description?: ComponentChildren;
  /** Under the card: links to the other auth pages. */
  footer?: ComponentChildren;
  children: ComponentChildren;
  "data-testid"?: string;
}

/** Centered card with the Sightline logo, for pages outside the app frame (login, signup, links). */
export function AuthLayout({ title, description, footer, children, ...rest }: AuthLayoutProps) {
  return (
    <div className="auth" data-testid={rest["data-testid"]}>
      <div className="auth__theme">
        <ThemeToggle />
      </div>
      <main className="auth__main">
        <Link href="/" className="brand auth__brand" aria-label="Sightline home">
          <Logo size={28} />
          <span className="brand__name">Sightline</span>
        </Link>
        <section className="auth__card" aria-labelledby="auth-title">
          <header className="auth__header">
            <h1 className="auth__title" id="auth-title" data-testid="page-title">
              {title}
            </h1>
            {description !== undefined && <p className="auth__description">{description}</p>}
          </header>
          {children}
        </section>
        {footer !== undefined && <div className="auth__footer">{footer}</div>}
      </main>
    </div>
  );
}
