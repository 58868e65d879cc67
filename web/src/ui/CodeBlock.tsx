import { cx } from "./cx";
import { IconCheck, IconCopy } from "./icons";
import { useCopy } from "./useCopy";

export interface CodeBlockProps {
  code: string;
  /** Small caption above the code, e.g. "OTLP/HTTP endpoint" or "Python". */
  label?: string;
  /** Wrap long lines instead of scrolling sideways (for short snippets with long tokens). */
  wrap?: boolean;
  className?: string;
}

/** Preformatted code with a copy button. */
export function CodeBlock({ code, label, wrap, className }: CodeBlockProps) {
  const { copied, copy } = useCopy(code);

  return (
    <figure className={cx("code", wrap && "code--wrap", className)}>
      <div className="code__bar">
        <figcaption className="code__label">{label ?? "Code"}</figcaption>
        <button
          type="button"
          className="code__copy"
          onClick={copy}
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
