import { Button } from "./Button";
import { cx } from "./cx";
import { IconCheck, IconCopy } from "./icons";
import { useCopy } from "./useCopy";

export interface SecretBlockProps {
  /** The value shown once (an API key, an invite or reset link). */
  value: string;
  /** Accessible name, e.g. "API key". */
  label: string;
  valueTestId?: string;
  copyTestId?: string;
  className?: string;
}

/** A one-time secret in monospace, selectable in full, with a prominent copy button. */
export function SecretBlock({ value, label, valueTestId, copyTestId, className }: SecretBlockProps) {
  const { copied, copy } = useCopy(value);

  return (
    <div className={cx("secret", className)}>
      <code className="secret__value" data-testid={valueTestId}>
        {value}
      </code>
      <Button
        size="sm"
        variant={copied ? "secondary" : "primary"}
        icon={copied ? IconCheck : IconCopy}
        onClick={copy}
        aria-label={copied ? `${label} copied` : `Copy ${label}`}
        data-testid={copyTestId}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
