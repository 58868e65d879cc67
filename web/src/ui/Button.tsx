import type { ButtonHTMLAttributes, ComponentChildren } from "preact";
import { Link, type LinkProps } from "../router";
import { cx } from "./cx";
import type { IconComponent } from "./icons";
import { Spinner } from "./Spinner";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md" | "lg";

interface ButtonLookProps {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Leading icon. */
  icon?: IconComponent;
  /** Trailing icon. */
  iconAfter?: IconComponent;
  className?: string;
  children?: ComponentChildren;
}

export interface ButtonProps
  extends ButtonLookProps,
    Omit<ButtonHTMLAttributes<HTMLButtonElement>, "size" | "icon" | "class" | "className" | "children"> {
  /** Shows a spinner, disables the button and sets aria-busy. */
  loading?: boolean;
}

function buttonClass({ variant = "secondary", size = "md", icon, children, className }: ButtonLookProps) {
  const iconOnly = icon !== undefined && (children === undefined || children === null);
  return cx("btn", `btn--${variant}`, `btn--${size}`, iconOnly && "btn--icon", className);
}

const ICON_SIZE: Record<ButtonSize, number> = { sm: 14, md: 16, lg: 16 };

function ButtonContent({
  icon: Icon,
  iconAfter: IconAfter,
  size = "md",
  children,
  loading,
}: ButtonLookProps & { loading?: boolean }) {
  return (
    <>
      {loading ? <Spinner size="sm" /> : Icon && <Icon size={ICON_SIZE[size]} />}
      {children !== undefined && children !== null && <span className="btn__label">{children}</span>}
      {IconAfter && <IconAfter size={ICON_SIZE[size]} />}
    </>
  );
}

export function Button({
  variant,
  size,
  icon,
  iconAfter,
  loading = false,
  disabled,
  type = "button",
  className,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClass({ variant, size, icon, children, className })}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...rest}
    >
      <ButtonContent icon={icon} iconAfter={iconAfter} size={size} loading={loading}>
        {children}
      </ButtonContent>
    </button>
  );
}

export type LinkButtonProps = ButtonLookProps &
  Omit<LinkProps, "size" | "icon" | "class" | "className" | "children">;

/** A router link that looks like a button (navigation, not an action). */
export function LinkButton({
  variant,
  size,
  icon,
  iconAfter,
  className,
  children,
  ...rest
}: LinkButtonProps) {
  return (
    <Link className={buttonClass({ variant, size, icon, children, className })} {...rest}>
      <ButtonContent icon={icon} iconAfter={iconAfter} size={size}>
        {children}
      </ButtonContent>
    </Link>
  );
}
