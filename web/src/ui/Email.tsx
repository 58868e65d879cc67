/** An email address that wraps after the "@" (not mid-word) when it has to. */
export function Email({ value, className }: { value: string; className?: string }) {
  const at = value.lastIndexOf("@");
  if (at <= 0) return <span className={className}>{value}</span>;
  return (
    <span className={className}>
      {value.slice(0, at + 1)}
      <wbr />
      {value.slice(at + 1)}
    </span>
  );
}
