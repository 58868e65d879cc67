import { formatDateTime } from "../../app/format";
import { RANGE_LABEL } from "../../app/timeRange";
import { Button } from "../../ui/Button";
import { IconClose } from "../../ui/icons";
import { SOURCE_LABEL } from "../trace/assessments/AssessmentMeta";
import { spanTypeLook } from "../trace/spanTypes";
import { describeFeedbackFilter } from "./FeedbackFilter";
import { clearedFilters, FEEDBACK_LISTS, hasFilters, type TraceFilters } from "./filters";

interface Chip {
  key: string;
  label: string;
  remove: () => TraceFilters;
}

function chipsOf(filters: TraceFilters): Chip[] {
  const chips: Chip[] = [];
  const without = (change: Partial<TraceFilters>) => () => ({ ...filters, ...change });
  if (filters.range === "custom") {
    const from = filters.from ? formatDateTime(filters.from) : "the start";
    const to = filters.to ? formatDateTime(filters.to) : "now";
    chips.push({
      key: "range",
      label: `${from} – ${to}`,
      remove: without({ range: "all", from: "", to: "" }),
    });
  } else if (filters.range !== "all") {
    chips.push({ key: "range", label: RANGE_LABEL[filters.range], remove: without({ range: "all" }) });
  }
  if (filters.status)
    chips.push({
      key: "status",
      label: `Status: ${filters.status === "ERROR" ? "Error" : "OK"}`,
      remove: without({ status: "" }),
    });
  if (filters.contains.trim())
    chips.push({
      key: "contains",
      label:
        filters.contains.trim().length < 3
          ? `“${filters.contains.trim()}” (type 3+ characters to search)`
          : `“${filters.contains.trim()}”`,
      remove: without({ contains: "" }),
    });
  if (filters.spanType)
    chips.push({
      key: "spanType",
      label: `Has ${spanTypeLook(filters.spanType).label.toLowerCase()} span`,
      remove: without({ spanType: "" }),
    });
  const text: [
    keyof TraceFilters & ("name" | "model" | "sessionId" | "userId" | "runId" | "prompt"),
    string,
  ][] = [
    ["name", "Name"],
    ["model", "Model"],
    ["sessionId", "Session"],
    ["userId", "User"],
    ["runId", "Evaluation run"],
    ["prompt", "Prompt"],
  ];
  for (const [key, label] of text) {
    const value = filters[key].trim();
    if (value) chips.push({ key, label: `${label}: ${value}`, remove: without({ [key]: "" }) });
  }
  for (const pair of filters.tag)
    chips.push({
      key: `tag:${pair}`,
      label: `Tag ${pair}`,
      remove: without({ tag: filters.tag.filter((item) => item !== pair) }),
    });
  for (const pair of filters.metadata)
    chips.push({
      key: `meta:${pair}`,
      label: `Metadata ${pair}`,
      remove: without({ metadata: filters.metadata.filter((item) => item !== pair) }),
    });
  for (const list of FEEDBACK_LISTS)
    for (const item of filters[list])
      chips.push({
        key: `${list}:${item}`,
        label: `Feedback ${describeFeedbackFilter(list, item)}`,
        remove: without({ [list]: filters[list].filter((other) => other !== item) }),
      });
  if (filters.feedbackSource)
    chips.push({
      key: "feedbackSource",
      label: `Feedback from ${SOURCE_LABEL[filters.feedbackSource].toLowerCase()}`,
      remove: without({ feedbackSource: "" }),
    });
  const ranges: [
    string,
    "minLatencyMs" | "minTokens" | "minCost",
    "maxLatencyMs" | "maxTokens" | "maxCost",
    (v: string) => string,
  ][] = [
    ["Latency", "minLatencyMs", "maxLatencyMs", (v) => `${v} ms`],
    ["Tokens", "minTokens", "maxTokens", (v) => v],
    ["Cost", "minCost", "maxCost", (v) => `$${v}`],
  ];
  for (const [label, min, max, unit] of ranges) {
    if (filters[min])
      chips.push({ key: min, label: `${label} ≥ ${unit(filters[min])}`, remove: without({ [min]: "" }) });
    if (filters[max])
      chips.push({ key: max, label: `${label} ≤ ${unit(filters[max])}`, remove: without({ [max]: "" }) });
  }
  return chips;
}

/** The applied filters as removable chips, with "Clear filters". */
export function ActiveFilters({
  filters,
  onChange,
}: {
  filters: TraceFilters;
  onChange: (next: TraceFilters) => void;
}) {
  if (!hasFilters(filters)) return null;
  return (
    <div className="active-filters" data-testid="active-filters">
      <ul className="active-filters__list" aria-label="Applied filters">
        {chipsOf(filters).map((chip) => (
          <li key={chip.key} className="filter-chip">
            <span>{chip.label}</span>
            <button
              type="button"
              className="filter-chip__remove"
              aria-label={`Remove filter ${chip.label}`}
              onClick={() => onChange(chip.remove())}
            >
              <IconClose size={12} />
            </button>
          </li>
        ))}
      </ul>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => onChange(clearedFilters(filters))}
        data-testid="clear-filters"
      >
        Clear filters
      </Button>
    </div>
  );
}
