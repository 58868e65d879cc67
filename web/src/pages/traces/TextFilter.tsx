import { useEffect, useRef, useState } from "preact/hooks";
import { Input, type InputType } from "../../ui/Input";

export interface TextFilterProps {
  value: string;
  onCommit: (value: string) => void;
  /** Also commit while typing, after this many ms of quiet. */
  debounceMs?: number;
  type?: InputType;
  placeholder?: string;
  label: string;
  className?: string;
  id?: string;
  list?: string;
  step?: string;
  min?: string;
  "data-testid"?: string;
}

/**
 * A filter input with a draft: the URL (and the query) changes on Enter, on blur, or after a
 * pause in typing, not on every keystroke. Follows `value` when it changes from outside.
 */
export function TextFilter({ value, onCommit, debounceMs, type = "text", label, ...rest }: TextFilterProps) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);

  useEffect(() => {
    committed.current = value;
    setDraft(value);
  }, [value]);

  const commit = (next: string) => {
    if (next === committed.current) return;
    committed.current = next;
    onCommit(next);
  };

  useEffect(() => {
    if (debounceMs === undefined || draft === committed.current) return;
    const timer = window.setTimeout(() => commit(draft), debounceMs);
    return () => window.clearTimeout(timer);
  });

  return (
    <Input
      type={type}
      size="sm"
      value={draft}
      aria-label={label}
      onInput={(event) => setDraft(event.currentTarget.value)}
      onBlur={() => commit(draft)}
      onKeyDown={(event) => {
        if (event.key === "Enter") commit(draft);
        if (event.key === "Escape" && draft !== committed.current) setDraft(committed.current);
      }}
      {...rest}
    />
  );
}
