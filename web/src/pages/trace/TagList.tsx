/** Tags as `key: value` chips; `limit` shows the first few and a "+N" count. */
export function TagList({ tags, limit }: { tags: Record<string, string>; limit?: number }) {
  const entries = Object.entries(tags);
  if (entries.length === 0) return <span className="muted">—</span>;
  const shown = limit === undefined ? entries : entries.slice(0, limit);
  const hidden = entries.length - shown.length;
  return (
    <span className="tag-list">
      {shown.map(([key, value]) => (
        <span key={key} className="tag-chip" title={`${key}: ${value}`}>
          <span className="tag-chip__key">{key}</span>
          {value && <span className="tag-chip__value">{value}</span>}
        </span>
      ))}
      {hidden > 0 && <span className="tag-chip tag-chip--more">+{hidden}</span>}
    </span>
  );
}
