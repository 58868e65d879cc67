/**
 * Placeholder for the organization/project switcher. A later change replaces this component's
 * body with the real switcher; the slot's position and size in the top bar are already reserved.
 */
export function ProjectSwitcherSlot() {
  return (
    <div className="project-slot" data-slot="project-switcher" data-testid="project-switcher">
      <span className="project-slot__avatar" aria-hidden="true">
        S
      </span>
      <span className="project-slot__name">Default project</span>
    </div>
  );
}
