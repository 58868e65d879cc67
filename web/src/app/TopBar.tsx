import type { Ref } from "preact";
import { IconMenu } from "../ui/icons";
import { ProjectSwitcher } from "./account/ProjectSwitcher";
import { UserMenu } from "./account/UserMenu";
import { Breadcrumbs } from "./Breadcrumbs";
import { ThemeToggle } from "./ThemeToggle";

export interface TopBarProps {
  navOpen: boolean;
  onOpenNav: () => void;
  menuButtonRef: Ref<HTMLButtonElement>;
}

export function TopBar({ navOpen, onOpenNav, menuButtonRef }: TopBarProps) {
  return (
    <header className="topbar">
      <button
        ref={menuButtonRef}
        type="button"
        className="icon-btn topbar__menu"
        aria-label="Open navigation"
        aria-controls="sidebar"
        aria-expanded={navOpen}
        onClick={onOpenNav}
        data-testid="nav-toggle"
      >
        <IconMenu size={18} />
      </button>
      <div className="topbar__context">
        <ProjectSwitcher />
        <span className="topbar__slash" aria-hidden="true">
          /
        </span>
        <Breadcrumbs />
      </div>
      <div className="topbar__actions">
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
