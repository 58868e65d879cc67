import { Link } from "../router";
import { IconChevronRight } from "../ui/icons";
import { useCurrentPage } from "./currentPage";

/** Ancestors of the current page, then the page itself (not a link). */
export function Breadcrumbs() {
  const { title, parents } = useCurrentPage();
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
          {title}
        </li>
      </ol>
    </nav>
  );
}
