import type { ComponentChildren, TargetedMouseEvent } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";
import { cx } from "./cx";
import { IconClose } from "./icons";

export interface DialogProps {
  open: boolean;
  /** Called on Escape, the close button, or a click on the backdrop. */
  onClose: () => void;
  title: ComponentChildren;
  description?: ComponentChildren;
  children?: ComponentChildren;
  /** Buttons, right-aligned. */
  footer?: ComponentChildren;
  size?: "sm" | "md" | "lg";
  /** "alertdialog" for confirmations that interrupt the user. */
  role?: "dialog" | "alertdialog";
  /** Hide the × button (e.g. when the footer has an explicit Cancel). */
  hideClose?: boolean;
  "data-testid"?: string;
}

/**
 * A modal built on the native <dialog>: focus is trapped and restored, the page behind is inert,
 * Escape closes. Autofocus a control inside with the `autoFocus` prop.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  size = "md",
  role = "dialog",
  hideClose,
  ...rest
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!open || !dialog) return;
    const previouslyFocused = document.activeElement;
    dialog.showModal();
    return () => {
      dialog.close();
      if (previouslyFocused instanceof HTMLElement) previouslyFocused.focus();
    };
  }, [open]);

  if (!open) return null;

  const onBackdropClick = (event: TargetedMouseEvent<HTMLDialogElement>) => {
    // Clicks on the content land on inner elements; only the backdrop targets the <dialog> itself.
    if (event.target === event.currentTarget) onClose();
  };

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click is a mouse shortcut; Escape (onCancel) and the close button cover the keyboard.
    <dialog
      ref={ref}
      className={cx("dialog", `dialog--${size}`)}
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={titleId}
      aria-describedby={description !== undefined ? descriptionId : undefined}
      aria-modal="true"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={onBackdropClick}
      data-testid={rest["data-testid"]}
    >
      <div className="dialog__panel">
        <header className="dialog__header">
          <h2 className="dialog__title" id={titleId}>
            {title}
          </h2>
          {!hideClose && (
            <button type="button" className="dialog__close" aria-label="Close" onClick={onClose}>
              <IconClose size={16} />
            </button>
          )}
        </header>
        {description !== undefined && (
          <p className="dialog__description" id={descriptionId}>
            {description}
          </p>
        )}
        {children !== undefined && <div className="dialog__body">{children}</div>}
        {footer !== undefined && <footer className="dialog__footer">{footer}</footer>}
      </div>
    </dialog>
  );
}
