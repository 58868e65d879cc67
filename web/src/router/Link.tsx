import type { PartialAnchorHTMLAttributes, TargetedMouseEvent } from "preact";
import { isActivePath, navigate } from "./history";
import { useLocation } from "./useLocation";

export interface LinkProps
  extends Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, "href" | "role" | "class" | "className"> {
  href: string;
  className?: string;
  /** Replace the current history entry instead of pushing. */
  replace?: boolean;
}

function isPlainLeftClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** An <a> that navigates client-side for same-origin paths and behaves natively otherwise. */
export function Link({ href, replace, onClick, target, ...rest }: LinkProps) {
  const handleClick = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || !isPlainLeftClick(event)) return;
    if (target && target !== "_self") return;
    if (rest.download !== undefined) return;
    const url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(`${url.pathname}${url.search}${url.hash}`, { replace });
  };
  return <a href={href} target={target} onClick={handleClick} {...rest} />;
}

export interface NavLinkProps extends LinkProps {
  /** Only active on the exact path, not on descendants (use for "/"). */
  exact?: boolean;
  /** Extra paths that also make this link active. */
  alsoActiveOn?: readonly string[];
}

/** A Link that knows whether it points at the current page, and says so with aria-current. */
export function NavLink({ href, exact, alsoActiveOn, className, ...rest }: NavLinkProps) {
  const { pathname } = useLocation();
  const active =
    isActivePath(pathname, href, exact) ||
    (alsoActiveOn ?? []).some((path) => isActivePath(pathname, path, true));
  const classes = [className, active ? "is-active" : ""].filter(Boolean).join(" ");
  return <Link href={href} className={classes} aria-current={active ? "page" : undefined} {...rest} />;
}
