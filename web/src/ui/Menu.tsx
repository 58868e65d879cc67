import type { ComponentChildren, TargetedKeyboardEvent } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { cx } from "./cx";
import { IconCheck, type IconComponent } from "./icons";

/**
 * A dropdown menu: a trigger button and a popup of actions (ARIA menu pattern: arrow keys,
 * Home/End, Escape returns focus to the trigger, Tab or a click outside closes it).
 *
 *   <Menu label={<>Acme</>} triggerProps={{ "data-testid": "org-menu" }}>
 *     {(close) => <MenuItem onSelect={() => { close(); doIt(); }}>Do it</MenuItem>}
 *   </Menu>
 */
export interface MenuProps {
  /** Content of the trigger button. */
  label: ComponentChildren;
  /** Accessible name of the trigger when its content isn't enough. */
  triggerLabel?: string;
  triggerClassName?: string;
  triggerTestId?: string;
  align?: "start" | "end";
  /** Accessible name of the popup. */
  menuLabel: string;
  menuTestId?: string;
  className?: string;
  children: (close: () => void) => ComponentChildren;
}

const ITEM_SELECTOR = '[role^="menuitem"]:not([aria-disabled="true"])';

export function Menu({
  label,
  triggerLabel,
  triggerClassName,
  triggerTestId,
  align = "start",
  menuLabel,
  menuTestId,
  className,
  children,
}: MenuProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? []);

  const close = (restoreFocus = true) => {
    setOpen(false);
    if (restoreFocus) triggerRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const list = items();
    const checked = list.find((item) => item.getAttribute("aria-checked") === "true");
    (checked ?? list[0])?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const onMenuKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const list = items();
    const active = document.activeElement;
    const index = active instanceof HTMLElement ? list.indexOf(active) : -1;
    const focusAt = (next: number) => list[(next + list.length) % list.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focusAt(index + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focusAt(index - 1);
        break;
      case "Home":
        event.preventDefault();
        focusAt(0);
        break;
      case "End":
        event.preventDefault();
        focusAt(list.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        close();
        break;
      case "Tab":
        close(false);
        break;
    }
  };

  return (
    <div ref={rootRef} className={cx("menu", className)}>
      <button
        ref={triggerRef}
        type="button"
        className={triggerClassName}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={triggerLabel}
        data-testid={triggerTestId}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {label}
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={menuLabel}
          className={cx("menu__popup", `menu__popup--${align}`)}
          data-testid={menuTestId}
          onKeyDown={onMenuKeyDown}
        >
          {children(() => close())}
        </div>
      )}
    </div>
  );
}

export interface MenuItemProps {
  onSelect: () => void;
  icon?: IconComponent;
  /** Makes it a radio item (e.g. the current project); shows a check when true. */
  checked?: boolean;
  disabled?: boolean;
  /** Shown on the right, e.g. a role badge. */
  meta?: ComponentChildren;
  tone?: "default" | "danger";
  title?: string;
  children: ComponentChildren;
  "data-testid"?: string;
}

export function MenuItem({
  onSelect,
  icon: Icon,
  checked,
  disabled,
  meta,
  tone = "default",
  title,
  children,
  ...rest
}: MenuItemProps) {
  const className = cx("menu__item", tone === "danger" && "menu__item--danger", checked && "is-checked");
  const onClick = () => {
    if (!disabled) onSelect();
  };
  const content = (
    <>
      <span className="menu__label">{children}</span>
      {meta !== undefined && <span className="menu__meta">{meta}</span>}
    </>
  );
  if (checked !== undefined) {
    return (
      <button
        type="button"
        role="menuitemradio"
        aria-checked={checked}
        aria-disabled={disabled || undefined}
        tabIndex={-1}
        title={title}
        className={className}
        onClick={onClick}
        data-testid={rest["data-testid"]}
      >
        <span className="menu__check" aria-hidden="true">
          {checked && <IconCheck size={14} />}
        </span>
        {content}
      </button>
    );
  }
  return (
    <button
      type="button"
      role="menuitem"
      aria-disabled={disabled || undefined}
      tabIndex={-1}
      title={title}
      className={className}
      onClick={onClick}
      data-testid={rest["data-testid"]}
    >
      {Icon && <Icon size={16} className="menu__icon" />}
      {content}
    </button>
  );
}

/** A labelled group of items. */
export function MenuGroup({ label, children }: { label: string; children: ComponentChildren }) {
  const id = useId();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a menu's groups are role="group"; <fieldset> is for forms.
    <div role="group" aria-labelledby={id} className="menu__group">
      <p className="menu__heading" id={id} role="presentation">
        {label}
      </p>
      {children}
    </div>
  );
}

export function MenuSeparator() {
  return <hr className="menu__separator" />;
}

/** A checkbox item: toggles without closing the menu (e.g. which columns to show). */
export function MenuCheckboxItem({
  checked,
  onToggle,
  disabled,
  children,
  ...rest
}: {
  checked: boolean;
  onToggle: () => void;
  disabled?: boolean;
  children: ComponentChildren;
  "data-testid"?: string;
}) {
  return (
    <button
      type="button"
      role="menuitemcheckbox"
      aria-checked={checked}
      aria-disabled={disabled || undefined}
      tabIndex={-1}
      className={cx("menu__item", checked && "is-checked")}
      onClick={() => {
        if (!disabled) onToggle();
      }}
      data-testid={rest["data-testid"]}
    >
      <span className="menu__check" aria-hidden="true">
        {checked && <IconCheck size={14} />}
      </span>
      <span className="menu__label">{children}</span>
    </button>
  );
}
