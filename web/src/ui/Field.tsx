import { type ComponentChildren, createContext } from "preact";
import { useContext, useId } from "preact/hooks";
import { cx } from "./cx";

/** Ids and state that a Field hands to the control inside it. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: "true";
  required?: boolean;
}

const FieldContext = createContext<FieldControlProps | null>(null);

/** Props for the control inside the nearest <Field>, or null outside one. */
export function useFieldControl(): FieldControlProps | null {
  return useContext(FieldContext);
}

export interface FieldProps {
  label: ComponentChildren;
  /** Help text under the control. Hidden while an error is shown. */
  hint?: ComponentChildren;
  /** Validation message; marks the control aria-invalid. */
  error?: ComponentChildren;
  required?: boolean;
  /** Use a given id for the control instead of a generated one. */
  id?: string;
  className?: string;
  children: ComponentChildren;
}

/**
 * Label + control + hint/error, wired for assistive tech:
 *   <Field label="Name" hint="Shown in the sidebar" error={errors.name}><Input value={name} /></Field>
 */
export function Field({ label, hint, error, required, id, className, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `field-${generated}`;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const hasError = error !== undefined && error !== null && error !== false && error !== "";
  const describedBy = hasError ? errorId : hint ? hintId : undefined;

  const control: FieldControlProps = {
    id: controlId,
    "aria-describedby": describedBy,
    "aria-invalid": hasError ? "true" : undefined,
    required,
  };

  return (
    <div className={cx("field", hasError && "field--invalid", className)}>
      <label className="field__label" htmlFor={controlId}>
        {label}
        {required && (
          <span className="field__required" aria-hidden="true">
            *
          </span>
        )}
      </label>
      <FieldContext.Provider value={control}>{children}</FieldContext.Provider>
      {hasError ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : (
        hint && (
          <p className="field__hint" id={hintId}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}
