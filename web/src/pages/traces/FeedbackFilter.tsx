import { useId, useState } from "preact/hooks";
import { ASSESSMENT_SOURCES } from "../../api/assessments";
import { Button } from "../../ui/Button";
import { Input, Select } from "../../ui/Input";
import { IconClose } from "../../ui/icons";
import { SOURCE_LABEL } from "../trace/assessments/AssessmentMeta";
import { FEEDBACK_LISTS, isFeedbackMatch, isFeedbackName, type TraceFilters } from "./filters";

type FeedbackFilters = Pick<TraceFilters, "feedback" | "passed" | "failed" | "feedbackSource">;
type Condition = "passed" | "failed" | "any" | "equals";

const CONDITIONS: { value: Condition; label: string }[] = [
  { value: "passed", label: "passed" },
  { value: "failed", label: "failed" },
  { value: "any", label: "has any value" },
  { value: "equals", label: "equals…" },
];

const SOURCE_OPTIONS = [
  { value: "", label: "From anyone" },
  ...ASSESSMENT_SOURCES.map((source) => ({
    value: source,
    label: `From ${SOURCE_LABEL[source].toLowerCase()}`,
  })),
];

/** How a feedback filter reads: "correctness passed", "tone = friendly", "has helpfulness". */
export function describeFeedbackFilter(list: (typeof FEEDBACK_LISTS)[number], item: string): string {
  if (list === "passed") return `${item} passed`;
  if (list === "failed") return `${item} failed`;
  const at = item.indexOf("=");
  return at < 0 ? `has ${item}` : `${item.slice(0, at)} = ${item.slice(at + 1)}`;
}

/**
 * The feedback filters: a name (the project's names are suggested) that passed, failed, has any
 * value or a given one, as chips; and whose feedback counts (anyone's, people's, judges', code's).
 */
export function FeedbackFilter({
  filters,
  names,
  onChange,
}: {
  filters: FeedbackFilters;
  names: readonly string[];
  onChange: (next: Partial<FeedbackFilters>) => void;
}) {
  const id = useId();
  const [name, setName] = useState("");
  const [condition, setCondition] = useState<Condition>("passed");
  const [value, setValue] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);

  const add = () => {
    const trimmed = name.trim();
    if (!isFeedbackName(trimmed)) {
      setInvalid(
        trimmed ? "Names hold letters, digits, spaces and _ . : / - only." : "Enter a feedback name.",
      );
      return;
    }
    const list = condition === "passed" || condition === "failed" ? condition : "feedback";
    const item = condition === "equals" ? `${trimmed}=${value.trim()}` : trimmed;
    if (!isFeedbackMatch(item)) {
      setInvalid("The value is too long.");
      return;
    }
    if (!filters[list].includes(item)) onChange({ [list]: [...filters[list], item] });
    setName("");
    setValue("");
    setInvalid(null);
  };

  const chips = FEEDBACK_LISTS.flatMap((list) => filters[list].map((item) => ({ list, item })));
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset's default styling fights the filter grid.
    <div
      className="pair-filter feedback-filter"
      role="group"
      aria-labelledby={id}
      data-testid="filter-feedback"
    >
      <span className="filter-label" id={id}>
        Feedback
      </span>
      {chips.length > 0 && (
        <div className="pair-filter__box">
          {chips.map(({ list, item }) => (
            <span key={`${list}:${item}`} className="filter-chip" data-testid="filter-feedback-chip">
              <span className="mono">{describeFeedbackFilter(list, item)}</span>
              <button
                type="button"
                className="filter-chip__remove"
                aria-label={`Remove feedback filter ${describeFeedbackFilter(list, item)}`}
                onClick={() => onChange({ [list]: filters[list].filter((other) => other !== item) })}
              >
                <IconClose size={12} />
              </button>
            </span>
          ))}
        </div>
      )}
      <form
        className="feedback-filter__row"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <Input
          size="sm"
          className="feedback-filter__name"
          aria-label="Feedback name"
          placeholder="Feedback name"
          list={`${id}-names`}
          value={name}
          aria-invalid={invalid ? "true" : undefined}
          onInput={(event) => {
            setName(event.currentTarget.value);
            setInvalid(null);
          }}
          data-testid="filter-feedback-name"
        />
        <datalist id={`${id}-names`}>
          {names.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
        <Select
          size="sm"
          aria-label="Condition"
          value={condition}
          options={CONDITIONS}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setCondition(CONDITIONS.find((option) => option.value === next)?.value ?? "passed");
          }}
          data-testid="filter-feedback-condition"
        />
        {condition === "equals" && (
          <Input
            size="sm"
            className="feedback-filter__value"
            aria-label="Feedback value"
            placeholder="value, e.g. yes or 4"
            value={value}
            onInput={(event) => setValue(event.currentTarget.value)}
            data-testid="filter-feedback-value"
          />
        )}
        <Button type="submit" size="sm" data-testid="filter-feedback-add">
          Add
        </Button>
        <Select
          size="sm"
          aria-label="Whose feedback counts"
          value={filters.feedbackSource}
          options={SOURCE_OPTIONS}
          onChange={(event) => {
            const next = event.currentTarget.value;
            onChange({ feedbackSource: ASSESSMENT_SOURCES.find((source) => source === next) ?? "" });
          }}
          data-testid="filter-feedback-source"
        />
      </form>
      {invalid && <p className="field__error">{invalid}</p>}
    </div>
  );
}
