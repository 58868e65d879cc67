import { cx } from "../../ui/cx";

export interface ProgressBarProps {
  /** Done so far, of `total`; a null total (not known yet) shows a moving bar. */
  value: number;
  total: number | null;
  label: string;
  tone?: "accent" | "success" | "danger";
  "data-testid"?: string;
}

/** A determinate bar when the total is known, an indeterminate one when it is not. */
export function ProgressBar({ value, total, label, tone = "accent", ...rest }: ProgressBarProps) {
  const known = total !== null && total > 0;
  const percent = known ? Math.min(100, Math.round((value / total) * 100)) : null;
  return (
    <div
      className={cx("ds-progress", !known && "ds-progress--indeterminate")}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? 100 : undefined}
      aria-valuenow={percent ?? undefined}
      data-testid={rest["data-testid"]}
      data-percent={percent ?? undefined}
    >
      <div
        className={cx("ds-progress__fill", `ds-progress__fill--${tone}`)}
        style={{ width: known ? `${percent}%` : undefined }}
      />
    </div>
  );
}
