import { cx } from "./cx";

export interface SpinnerProps {
  size?: "sm" | "md" | "lg";
  /** Announced to assistive tech; without it the spinner is decorative. */
  label?: string;
  className?: string;
}

export function Spinner({ size = "md", label, className }: SpinnerProps) {
  return (
    <span className={cx("spinner", `spinner--${size}`, className)} role={label ? "status" : undefined}>
      <span className="spinner__ring" aria-hidden="true" />
      {label && <span className="visually-hidden">{label}</span>}
    </span>
  );
}
