import { fromLocalInput, RANGE_LABEL, toLocalInput } from "../../app/timeRange";
import { Select } from "../../ui/Input";
import type { TimeRange } from "./filters";
import { TextFilter } from "./TextFilter";

const OPTIONS: { value: TimeRange; label: string }[] = [
  { value: "all", label: "Any time" },
  { value: "1h", label: RANGE_LABEL["1h"] },
  { value: "24h", label: RANGE_LABEL["24h"] },
  { value: "7d", label: RANGE_LABEL["7d"] },
  { value: "30d", label: RANGE_LABEL["30d"] },
  { value: "custom", label: "Custom range…" },
];

export interface TimeRangeValue {
  range: TimeRange;
  from: string;
  to: string;
}

/** Presets (last hour … last 30 days), or a custom from–to in local time. */
export function TimeRangePicker({
  value,
  onChange,
}: {
  value: TimeRangeValue;
  onChange: (next: TimeRangeValue) => void;
}) {
  const pick = (range: TimeRange) => {
    if (range === "custom") {
      // Start the custom range from the last day, so it is never empty.
      const to = new Date();
      const from = new Date(to.getTime() - 86_400_000);
      onChange({ range, from: value.from || from.toISOString(), to: value.to || "" });
    } else {
      onChange({ range, from: "", to: "" });
    }
  };
  return (
    <div className="time-range" data-testid="time-range">
      <Select
        size="sm"
        aria-label="Time range"
        value={value.range}
        options={OPTIONS}
        onChange={(event) => {
          const next = OPTIONS.find((option) => option.value === event.currentTarget.value);
          if (next) pick(next.value);
        }}
        data-testid="filter-range"
      />
      {value.range === "custom" && (
        <span className="time-range__custom">
          <TextFilter
            type="datetime-local"
            label="From"
            value={value.from ? toLocalInput(value.from) : ""}
            onCommit={(local) => onChange({ ...value, from: fromLocalInput(local) })}
            data-testid="filter-from"
          />
          <span className="muted" aria-hidden="true">
            –
          </span>
          <TextFilter
            type="datetime-local"
            label="To"
            value={value.to ? toLocalInput(value.to) : ""}
            onCommit={(local) => onChange({ ...value, to: fromLocalInput(local) })}
            data-testid="filter-to"
          />
        </span>
      )}
    </div>
  );
}
