import type { Ref } from "preact";
import { useId } from "preact/hooks";
import { useSession } from "../auth/SessionProvider";
import { Link, NavLink } from "../router";
import { projectPath } from "../router/paths";
import { cx } from "../ui/cx";
import { IconClose, Logo } from "../ui/icons";
import { StatusIndicator } from "./health/StatusIndicator";
import { FOOTER_SECTIONS, NAV_GROUPS, type Section, sectionHref } from "./sections";

function NavItem({ section, projectId }: { section: Section; projectId: string | null }) {
  const Icon = section.icon;
  return (
    <li>
      <NavLink
        href={sectionHref(section, projectId)}
        // A project's overview is its root: only active there, not on every page below it.
        exact={section.scope === "project" && section.path === ""}
        className="nav-link"
        data-testid={`nav-${section.key}`}
      >
        <Icon size={16} className="nav-link__icon" />
        <span className="nav-link__label">{section.label}</span>
      </NavLink>
    </li>
  );
}

function NavGroupList({
  label,
  items,
  projectId,
}: {
  label: string | null;
  items: readonly Section[];
  projectId: string | null;
}) {
  const headingId = useId();
  return (
    <div className="nav-group">
      {label && (
        <p className="nav-group__label" id={headingId}>
          {label}
        </p>
      )}
      <ul className="nav-group__list" aria-labelledby={label ? headingId : undefined}>
        {items.map((section) => (
          <NavItem key={section.key} section={section} projectId={projectId} />
        ))}
      </ul>
    </div>
  );
}

export interface SidebarProps {
  /** Drawer state on narrow screens; ignored on wide ones where the sidebar is always shown. */
  open: boolean;
  onClose: () => void;
  closeButtonRef: Ref<HTMLButtonElement>;
}

/** Primary navigation: brand, section links, settings and the service status. */
export function Sidebar({ open, onClose, closeButtonRef }: SidebarProps) {
  // Sections of the project on screen (or of the last one used, on organization pages).
  const projectId = useSession().currentProject?.id ?? null;
  return (
    <nav id="sidebar" className={cx("sidebar", open && "is-open")} aria-label="Main" data-testid="sidebar">
      <div className="sidebar__brand">
        <Link href={projectId ? projectPath(projectId) : "/"} className="brand" aria-label="Sightline home">
          <Logo size={22} />
          <span className="brand__name">Sightline</span>
        </Link>
        <button
          ref={closeButtonRef}
          type="button"
          className="icon-btn sidebar__close"
          aria-label="Close navigation"
          onClick={onClose}
        >
          <IconClose size={16} />
        </button>
      </div>

      <div className="sidebar__scroll">
        {NAV_GROUPS.map((group) => (
          <NavGroupList
            key={group.label ?? "top"}
            label={group.label}
            items={group.items}
            projectId={projectId}
          />
        ))}
      </div>

      <div className="sidebar__footer">
        <ul className="nav-group__list">
          {FOOTER_SECTIONS.map((section) => (
            <NavItem key={section.key} section={section} projectId={projectId} />
          ))}
        </ul>
        <StatusIndicator className="sidebar__status" />
      </div>
    </nav>
  );
}
