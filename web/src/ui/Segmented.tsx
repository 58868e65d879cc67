import type { TargetedKeyboardEvent } from "preact";
import { useRef } from "preact/hooks";
import { cx } from "./cx";

export interface SegmentedOption<Value extends string> {
  value: Value;
  label: string;
}

export interface SegmentedProps<Value extends string> {
  options: readonly SegmentedOption<Value>[];
  value: Value;
  onChange: (value: Value) => void;
  /** Accessible name of the group. */
  label: string;
  size?: "sm" | "md";
  "data-testid"?: string;
}

/** A row of mutually exclusive buttons (radio group semantics, arrow keys move the choice). */
export function Segmented<Value extends string>({
  options,
  value,
  onChange,
  label,
  size = "sm",
  ...rest
}: SegmentedProps<Value>) {
  const ref = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const index = options.findIndex((option) => option.value === value);
    const step =
      event.key === "ArrowRight" || event.key === "ArrowDown"
        ? 1
        : event.key === "ArrowLeft" || event.key === "ArrowUp"
          ? -1
          : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = options[(index + step + options.length) % options.length];
    if (!next) return;
    onChange(next.value);
    ref.current?.querySelector<HTMLElement>(`[data-value="${next.value}"]`)?.focus();
  };
  return (
    <div
      ref={ref}
      role="radiogroup"
      aria-label={label}
      className={cx("segmented", `segmented--${size}`)}
      onKeyDown={onKeyDown}
      data-testid={rest["data-testid"]}
    >
      {options.map((option) => {
        const checked = option.value === value;
        return (
          // biome-ignore lint/a11y/useSemanticElements: a styled button row; native radios can't look like this without hiding them.
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            className={cx("segmented__option", checked && "is-checked")}
            onClick={() => onChange(option.value)}
            data-value={option.value}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
