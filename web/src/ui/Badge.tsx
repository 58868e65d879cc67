import type { ComponentChildren } from "preact";
import { cx } from "./cx";

export type Tone = "neutral" | "accent" | "success" | "warning" | "danger" | "info";

export interface BadgeProps {
  tone?: Tone;
  /** Leading status dot. */
  dot?: boolean;
  className?: string;
  children: ComponentChildren;
}

export function Badge({ tone = "neutral", dot, className, children }: BadgeProps) {
  return (
    <span className={cx("badge", `badge--${tone}`, className)}>
      {dot && <span className="badge__dot" aria-hidden="true" />}
      {children}
    </span>
  );
}
