/**
 * Checkboxes that pick table rows by id (the records to delete, the traces to add to a dataset):
 * one a row, and one in the header for every row shown.
 */
export interface PickProps {
  picked: ReadonlySet<string>;
  onChange: (picked: ReadonlySet<string>) => void;
  label: string;
  testId: string;
}

export function PickBox({ id, picked, onChange, label, testId }: PickProps & { id: string }) {
  const toggle = () => {
    const next = new Set(picked);
    if (!next.delete(id)) next.add(id);
    onChange(next);
  };
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={picked.has(id)}
      onChange={toggle}
      data-testid={testId}
    />
  );
}

export function PickAllBox({ ids, picked, onChange, label, testId }: PickProps & { ids: readonly string[] }) {
  const all = ids.length > 0 && ids.every((id) => picked.has(id));
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={all}
      onChange={() => onChange(new Set(all ? [] : ids))}
      data-testid={testId}
    />
  );
}
