import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { cx } from "./cx";
import { IconCheck } from "./icons";

export interface CheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ComponentChildren;
  /** One line under the label. */
  description?: ComponentChildren;
  disabled?: boolean;
  name?: string;
  value?: string;
  className?: string;
  "data-testid"?: string;
}

/** A native checkbox with a styled box, a label and an optional description. */
export function Checkbox({
  checked,
  onChange,
  label,
  description,
  disabled,
  name,
  value,
  className,
  ...rest
}: CheckboxProps) {
  const id = useId();
  const descriptionId = `${id}-description`;
  return (
    <div className={cx("checkbox", disabled && "is-disabled", className)}>
      <span className="checkbox__control">
        <input
          id={id}
          type="checkbox"
          className="checkbox__input"
          checked={checked}
          disabled={disabled}
          name={name}
          value={value}
          aria-describedby={description !== undefined ? descriptionId : undefined}
          onChange={(event) => onChange(event.currentTarget.checked)}
          data-testid={rest["data-testid"]}
        />
        <IconCheck size={12} className="checkbox__tick" />
      </span>
      <span className="checkbox__text">
        <label className="checkbox__label" htmlFor={id}>
          {label}
        </label>
        {description !== undefined && (
          <span className="checkbox__description" id={descriptionId}>
            {description}
          </span>
        )}
      </span>
    </div>
  );
}
