export interface LoadingRowsProps {
  /** Announced to screen readers (visually hidden). */
  label: string;
  /** The wrapper's class; each placeholder row gets `<block>__row`. */
  block: "trace-loading" | "settings-loading";
  rows?: number;
  testId?: string;
}

/** Skeleton rows standing in for a list while it loads. */
export function LoadingRows({ label, block, rows = 3, testId }: LoadingRowsProps) {
  return (
    <div className={block} role="status" data-testid={testId}>
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, row) => (
        <span key={row} className={`skeleton ${block}__row`} aria-hidden="true" />
      ))}
    </div>
  );
}
