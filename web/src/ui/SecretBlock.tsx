import { useEffect, useState } from "preact/hooks";
import { Button } from "./Button";
import { copyText } from "./CodeBlock";
import { cx } from "./cx";
import { IconCheck, IconCopy } from "./icons";
import { toast } from "./toast";

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
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1600);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const onCopy = async () => {
    if (await copyText(value)) setCopied(true);
    else
      toast.error("Couldn't copy to the clipboard", { description: "Select the text and copy it manually." });
  };

  return (
    <div className={cx("secret", className)}>
      <code className="secret__value" data-testid={valueTestId}>
        {value}
      </code>
      <Button
        size="sm"
        variant={copied ? "secondary" : "primary"}
        icon={copied ? IconCheck : IconCopy}
        onClick={onCopy}
        aria-label={copied ? `${label} copied` : `Copy ${label}`}
        data-testid={copyTestId}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
