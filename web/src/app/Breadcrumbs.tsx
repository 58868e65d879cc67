import { Link, useRoute } from "../router";
import { IconChevronRight } from "../ui/icons";

/** Ancestors of the current page, then the page itself (not a link). */
export function Breadcrumbs() {
  const { route } = useRoute();
  const parents = route.parents ?? [];
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol className="breadcrumbs__list">
        {parents.map((crumb) => (
          <li key={crumb.href} className="breadcrumbs__item">
            <Link href={crumb.href} className="breadcrumbs__link">
              {crumb.label}
            </Link>
            <IconChevronRight size={14} className="breadcrumbs__sep" />
          </li>
        ))}
        <li className="breadcrumbs__item breadcrumbs__current" data-testid="breadcrumb-current">
          {route.title}
        </li>
      </ol>
    </nav>
  );
}
