import { useEffect, useRef, useState } from "preact/hooks";
import { Input, type InputType } from "../../ui/Input";

export interface TextFilterProps {
  value: string;
  /**
   * `refine`: a later commit of the same run of typing (the caller may replace its history
   * entry rather than add one per pause); `new`: the first commit of a run.
   */
  onCommit: (value: string, how: "new" | "refine") => void;
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
  /** Whether this run of typing has already committed (reset by Enter, blur or Escape). */
  const typing = useRef(false);

  useEffect(() => {
    committed.current = value;
    setDraft(value);
  }, [value]);

  const commit = (next: string, endsRun: boolean) => {
    const how = typing.current ? "refine" : "new";
    typing.current = !endsRun;
    if (next === committed.current) return;
    committed.current = next;
    onCommit(next, how);
  };

  useEffect(() => {
    if (debounceMs === undefined || draft === committed.current) return;
    const timer = window.setTimeout(() => commit(draft, false), debounceMs);
    return () => window.clearTimeout(timer);
  });

  return (
    <Input
      type={type}
      size="sm"
      value={draft}
      aria-label={label}
      onInput={(event) => setDraft(event.currentTarget.value)}
      onBlur={() => commit(draft, true)}
      onKeyDown={(event) => {
        if (event.key === "Enter") commit(draft, true);
        if (event.key === "Escape") {
          typing.current = false;
          if (draft !== committed.current) setDraft(committed.current);
        }
      }}
      {...rest}
    />
  );
}
