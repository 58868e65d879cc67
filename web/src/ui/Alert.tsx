import type { ComponentChildren } from "preact";
import { cx } from "./cx";
import { IconAlert, IconCheckCircle, IconInfo } from "./icons";

export type AlertTone = "info" | "success" | "warning" | "danger";

export interface AlertProps {
  tone?: AlertTone;
  title: ComponentChildren;
  children?: ComponentChildren;
  actions?: ComponentChildren;
  className?: string;
}

const ICONS = { info: IconInfo, success: IconCheckCircle, warning: IconAlert, danger: IconAlert } as const;

/** An inline message. Danger/warning alerts are announced (role="alert"). */
export function Alert({ tone = "info", title, children, actions, className }: AlertProps) {
  const Icon = ICONS[tone];
  const urgent = tone === "danger" || tone === "warning";
  return (
    <div className={cx("alert", `alert--${tone}`, className)} role={urgent ? "alert" : "status"}>
      <Icon className="alert__icon" size={16} />
      <div className="alert__content">
        <p className="alert__title">{title}</p>
        {children !== undefined && <div className="alert__body">{children}</div>}
      </div>
      {actions !== undefined && <div className="alert__actions">{actions}</div>}
    </div>
  );
}
