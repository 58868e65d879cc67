import type { PartialInputHTMLAttributes, PartialSelectHTMLAttributes, TextareaHTMLAttributes } from "preact";
import { cx } from "./cx";
import { useFieldControl } from "./Field";
import { IconChevronDown } from "./icons";

type Size = "sm" | "md";

export type InputType =
  | "text"
  | "search"
  | "email"
  | "url"
  | "tel"
  | "password"
  | "number"
  | "date"
  | "time"
  | "datetime-local";

export interface InputProps
  extends Omit<
    PartialInputHTMLAttributes<HTMLInputElement>,
    "size" | "role" | "list" | "class" | "className"
  > {
  type?: InputType;
  size?: Size;
  className?: string;
  /** The id of a <datalist> of suggestions. */
  list?: string;
}

/** Text input. Inside a <Field> it picks up the id, description and invalid state. */
export function Input({ size = "md", className, type = "text", ...rest }: InputProps) {
  const field = useFieldControl();
  const props = { className: cx("control", `control--${size}`, className), ...field, ...rest };
  // One literal per branch: Preact's typings tie the allowed ARIA roles to `type`.
  switch (type) {
    case "search":
      return <input type="search" {...props} />;
    case "email":
      return <input type="email" {...props} />;
    case "url":
      return <input type="url" {...props} />;
    case "tel":
      return <input type="tel" {...props} />;
    case "password":
      return <input type="password" {...props} />;
    case "number":
      return <input type="number" {...props} />;
    case "date":
    case "time":
    case "datetime-local":
      return <input type={type} {...props} />;
    default:
      return <input type="text" {...props} />;
  }
}

export interface TextareaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "class" | "className"> {
  className?: string;
}

export function Textarea({ className, rows = 4, ...rest }: TextareaProps) {
  const field = useFieldControl();
  return (
    <textarea rows={rows} className={cx("control", "control--textarea", className)} {...field} {...rest} />
  );
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps
  extends Omit<PartialSelectHTMLAttributes<HTMLSelectElement>, "size" | "role" | "class" | "className"> {
  options?: readonly SelectOption[];
  size?: Size;
  className?: string;
}

/** Native select (keyboard and screen-reader behaviour for free) with a custom chevron. */
export function Select({ options, size = "md", className, children, ...rest }: SelectProps) {
  const field = useFieldControl();
  return (
    <span className={cx("select", className)}>
      <select className={cx("control", `control--${size}`, "control--select")} {...field} {...rest}>
        {options?.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
      <IconChevronDown className="select__chevron" size={14} />
    </span>
  );
}
