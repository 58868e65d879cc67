import { cx } from "./cx";

/** A shimmering placeholder while content loads. Decorative: pair it with a status message. */
export function Skeleton({
  width = "100%",
  height = 12,
  className,
}: {
  width?: string;
  height?: number;
  className?: string;
}) {
  return (
    <span className={cx("skeleton", className)} style={{ width, height: `${height}px` }} aria-hidden="true" />
  );
}
