import { useCallback, useRef, useState } from "preact/hooks";
import { ApiError } from "./errors";
import { type FieldErrors, type FormErrors, formErrorsFrom } from "./formErrors";

type Action = () => Promise<void>;

export interface FormSubmitOptions<Field extends string> {
  /** The fields a 422 may name; whatever it says about anything else becomes the form error. */
  fields?: readonly Field[];
  /** The form error when what was thrown is not an Error. */
  fallback?: string;
  /**
   * What the form shows for failures it knows better than the default (a 409 on the name, a 401
   * on the password, a dead link); undefined leaves the failure to the default mapping.
   */
  onError?: (error: unknown) => FormErrors<Field> | undefined;
}

export interface FormSubmit<Field extends string> {
  /** True while the action runs, and after it succeeds until `reset()`. */
  busy: boolean;
  errors: FieldErrors<Field>;
  /** The message that belongs to no field. */
  formError: string | null;
  /**
   * Runs `action` and, if it throws, shows what went wrong; with `validation` (the client-side
   * field errors) first shows those and runs nothing if there are any. Ignored while busy.
   */
  run: {
    (action: Action): Promise<void>;
    (validation: FieldErrors<Field>, action: Action): Promise<void>;
  };
  /** Back to a fresh form: no errors, not busy (when a dialog opens again). */
  reset: () => void;
}

const NO_ERRORS = {};

/**
 * The busy flag and error state every form needs around its one request. A form that succeeded
 * stays busy, because it is closing, navigating away or showing its result, so its button does
 * not come back to life for the moment that takes.
 */
export function useFormSubmit<Field extends string = never>(
  options: FormSubmitOptions<Field> = {},
): FormSubmit<Field> {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Field>>(NO_ERRORS);
  const [formError, setFormError] = useState<string | null>(null);
  // The state above only changes on the next render; this stops a second submit in between.
  const running = useRef(false);

  const run = async (first: FieldErrors<Field> | Action, second?: Action) => {
    const [validation, action] = typeof first === "function" ? [NO_ERRORS, first] : [first, second];
    if (running.current || !action) return;
    setErrors(validation);
    setFormError(null);
    if (Object.keys(validation).length > 0) return;
    running.current = true;
    setBusy(true);
    try {
      await action();
    } catch (error) {
      running.current = false;
      setBusy(false);
      const shown = options.onError?.(error) ?? formErrorsFrom(error, options.fields ?? [], options.fallback);
      setErrors(shown.fields);
      setFormError(shown.form);
    }
  };

  // Stable, so dialogs can list it in the effect that resets them when they open.
  const reset = useCallback(() => {
    running.current = false;
    setBusy(false);
    setErrors(NO_ERRORS);
    setFormError(null);
  }, []);

  return { busy, errors, formError, run, reset };
}

/** `onError` for a form whose name must be unique: a 409 is the name field's error. */
export function nameTaken<Field extends string>(error: unknown): FormErrors<Field> | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const fields: Partial<Record<string, string>> = { name: `${error.message} Pick another name.` };
  return { fields, form: null };
}
