import { useEffect, useState } from "preact/hooks";
import { cx } from "./cx";
import { IconCheck, IconCopy } from "./icons";
import { toast } from "./toast";

export interface CodeBlockProps {
  code: string;
  /** Small caption above the code, e.g. "OTLP/HTTP endpoint" or "Python". */
  label?: string;
  /** Wrap long lines instead of scrolling sideways (for short snippets with long tokens). */
  wrap?: boolean;
  className?: string;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Preformatted code with a copy button. */
export function CodeBlock({ code, label, wrap, className }: CodeBlockProps) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1600);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const onCopy = async () => {
    if (await copyText(code)) {
      setCopied(true);
    } else {
      toast.error("Couldn't copy to the clipboard", { description: "Select the text and copy it manually." });
    }
  };

  return (
    <figure className={cx("code", wrap && "code--wrap", className)}>
      <div className="code__bar">
        <figcaption className="code__label">{label ?? "Code"}</figcaption>
        <button
          type="button"
          className="code__copy"
          onClick={onCopy}
          aria-label={copied ? "Copied" : `Copy ${label ?? "code"}`}
        >
          {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          <span aria-hidden="true">{copied ? "Copied" : "Copy"}</span>
        </button>
      </div>
      <pre className="code__pre">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
