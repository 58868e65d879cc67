import { TextFilter } from "./TextFilter";

/** A min–max pair of numeric filters. */
export function RangeFilter({
  label,
  unit,
  min,
  max,
  step,
  onChange,
  testId,
}: {
  label: string;
  unit?: string;
  min: string;
  max: string;
  step?: string;
  onChange: (next: { min: string; max: string }) => void;
  testId: string;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset's default styling fights the filter grid.
    <div className="range-filter" role="group" aria-label={label} data-testid={testId}>
      <span className="filter-label">
        {label}
        {unit && <span className="muted"> ({unit})</span>}
      </span>
      <span className="range-filter__inputs">
        <TextFilter
          type="number"
          label={`Minimum ${label.toLowerCase()}`}
          placeholder="Min"
          min="0"
          step={step}
          value={min}
          onCommit={(value) => onChange({ min: value, max })}
          data-testid={`${testId}-min`}
        />
        <span className="muted" aria-hidden="true">
          –
        </span>
        <TextFilter
          type="number"
          label={`Maximum ${label.toLowerCase()}`}
          placeholder="Max"
          min="0"
          step={step}
          value={max}
          onCommit={(value) => onChange({ min, max: value })}
          data-testid={`${testId}-max`}
        />
      </span>
    </div>
  );
}
