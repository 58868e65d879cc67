import type { ComponentChildren } from "preact";
import { useId, useState } from "preact/hooks";
import { Button } from "../../ui/Button";
import { Select } from "../../ui/Input";
import { IconChevronDown, IconFilter, IconSearch } from "../../ui/icons";
import { SPAN_TYPES, spanTypeLook } from "../trace/spanTypes";
import { FeedbackFilter } from "./FeedbackFilter";
import { activeFilterCount, type TraceFilters } from "./filters";
import { PairFilter } from "./PairFilter";
import { RangeFilter } from "./RangeFilter";
import { TextFilter } from "./TextFilter";
import { TimeRangePicker } from "./TimeRangePicker";

export interface FilterBarProps {
  filters: TraceFilters;
  /** `replace`: refine the current history entry (a search still being typed) instead of adding one. */
  onChange: (next: TraceFilters, options?: { replace?: boolean }) => void;
  /** Models seen in the loaded traces, offered as suggestions. */
  models: readonly string[];
  /** The project's feedback names, offered as suggestions. */
  feedbackNames: readonly string[];
  /** Controls at the right end (column chooser, refresh). */
  actions?: ComponentChildren;
}

const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  { value: "OK", label: "OK" },
  { value: "ERROR", label: "Error" },
];

const SPAN_TYPE_OPTIONS = [
  { value: "", label: "Any span type" },
  ...SPAN_TYPES.map((type) => ({ value: type, label: spanTypeLook(type).label })),
];

/** Counts the filters that live in the "More filters" panel, for its button. */
function moreCount(filters: TraceFilters): number {
  const basic = {
    ...filters,
    range: "all" as const,
    status: "" as const,
    contains: "",
    spanType: "",
    model: "",
  };
  return activeFilterCount(basic);
}

/** Every filter of `GET traces`: the common ones in a row, the rest in a collapsible panel. */
export function FilterBar({ filters, onChange, models, feedbackNames, actions }: FilterBarProps) {
  const extra = moreCount(filters);
  const [expanded, setExpanded] = useState(extra > 0);
  const panelId = useId();
  const modelsId = useId();
  const set = (change: Partial<TraceFilters>, options?: { replace?: boolean }) =>
    onChange({ ...filters, ...change }, options);

  return (
    <div className="filter-bar" data-testid="trace-filters">
      <div className="filter-bar__row">
        <span className="filter-search">
          <IconSearch size={14} className="filter-search__icon" />
          <TextFilter
            type="search"
            label="Search inputs and outputs"
            placeholder="Search inputs and outputs…"
            className="filter-search__input"
            value={filters.contains}
            debounceMs={500}
            onCommit={(contains, how) => set({ contains }, { replace: how === "refine" })}
            data-testid="filter-contains"
          />
        </span>
        <TimeRangePicker
          value={{ range: filters.range, from: filters.from, to: filters.to }}
          onChange={(range) => set(range)}
        />
        <Select
          size="sm"
          aria-label="Status"
          className="filter-bar__select"
          value={filters.status}
          options={STATUS_OPTIONS}
          onChange={(event) => {
            const value = event.currentTarget.value;
            set({ status: value === "OK" || value === "ERROR" ? value : "" });
          }}
          data-testid="filter-status"
        />
        <Select
          size="sm"
          aria-label="Span type"
          className="filter-bar__select"
          value={filters.spanType}
          options={SPAN_TYPE_OPTIONS}
          onChange={(event) => set({ spanType: event.currentTarget.value })}
          data-testid="filter-span-type"
        />
        <TextFilter
          label="Model"
          placeholder="Model"
          className="filter-bar__model"
          list={modelsId}
          value={filters.model}
          onCommit={(model) => set({ model })}
          data-testid="filter-model"
        />
        <datalist id={modelsId}>
          {models.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
        <Button
          size="sm"
          variant={expanded ? "secondary" : "ghost"}
          icon={IconFilter}
          iconAfter={IconChevronDown}
          aria-expanded={expanded}
          aria-controls={panelId}
          onClick={() => setExpanded((value) => !value)}
          className={expanded ? "is-expanded filter-bar__more" : "filter-bar__more"}
          data-testid="filter-more"
        >
          More filters{extra > 0 ? ` · ${extra}` : ""}
        </Button>
        {actions !== undefined && <div className="filter-bar__actions">{actions}</div>}
      </div>
      {expanded && (
        <div className="filter-bar__panel" id={panelId} data-testid="filter-panel">
          <div className="filter-field">
            <label className="filter-label" htmlFor={`${panelId}-name`}>
              Name
            </label>
            <TextFilter
              id={`${panelId}-name`}
              label="Trace name"
              placeholder="Exact trace name"
              value={filters.name}
              onCommit={(name) => set({ name })}
              data-testid="filter-name"
            />
          </div>
          <div className="filter-field">
            <label className="filter-label" htmlFor={`${panelId}-session`}>
              Session
            </label>
            <TextFilter
              id={`${panelId}-session`}
              label="Session id"
              placeholder="Session id"
              value={filters.sessionId}
              onCommit={(sessionId) => set({ sessionId })}
              data-testid="filter-session"
            />
          </div>
          <div className="filter-field">
            <label className="filter-label" htmlFor={`${panelId}-user`}>
              User
            </label>
            <TextFilter
              id={`${panelId}-user`}
              label="User id"
              placeholder="User id"
              value={filters.userId}
              onCommit={(userId) => set({ userId })}
              data-testid="filter-user"
            />
          </div>
          <RangeFilter
            label="Latency"
            unit="ms"
            min={filters.minLatencyMs}
            max={filters.maxLatencyMs}
            onChange={({ min, max }) => set({ minLatencyMs: min, maxLatencyMs: max })}
            testId="filter-latency"
          />
          <RangeFilter
            label="Tokens"
            min={filters.minTokens}
            max={filters.maxTokens}
            onChange={({ min, max }) => set({ minTokens: min, maxTokens: max })}
            testId="filter-tokens"
          />
          <RangeFilter
            label="Cost"
            unit="USD"
            step="0.0001"
            min={filters.minCost}
            max={filters.maxCost}
            onChange={({ min, max }) => set({ minCost: min, maxCost: max })}
            testId="filter-cost"
          />
          <PairFilter
            label="Tags"
            pairs={filters.tag}
            onChange={(tag) => set({ tag })}
            testId="filter-tags"
          />
          <PairFilter
            label="Metadata"
            pairs={filters.metadata}
            onChange={(metadata) => set({ metadata })}
            testId="filter-metadata"
          />
          <FeedbackFilter filters={filters} names={feedbackNames} onChange={(change) => set(change)} />
        </div>
      )}
    </div>
  );
}
