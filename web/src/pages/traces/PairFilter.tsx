import { useId, useState } from "preact/hooks";
import { Input } from "../../ui/Input";
import { IconClose } from "../../ui/icons";
import { splitPair } from "./filters";

/** key=value chips (tags, metadata): type "env=prod" and press Enter; × removes a chip. */
export function PairFilter({
  label,
  pairs,
  onChange,
  testId,
}: {
  label: string;
  pairs: readonly string[];
  onChange: (next: string[]) => void;
  testId: string;
}) {
  const [draft, setDraft] = useState("");
  const [invalid, setInvalid] = useState(false);
  const id = useId();

  const add = () => {
    const text = draft.trim();
    if (!text) return;
    const pair = splitPair(text);
    if (!pair) {
      setInvalid(true);
      return;
    }
    const normal = `${pair.key.trim()}=${pair.value.trim()}`;
    if (!pairs.includes(normal)) onChange([...pairs, normal]);
    setDraft("");
    setInvalid(false);
  };

  return (
    <div className="pair-filter" data-testid={testId}>
      <label className="filter-label" htmlFor={id}>
        {label}
      </label>
      <div className="pair-filter__box">
        {pairs.map((pair) => (
          <span key={pair} className="filter-chip" data-testid={`${testId}-chip`}>
            <span className="mono">{pair}</span>
            <button
              type="button"
              className="filter-chip__remove"
              aria-label={`Remove ${label.toLowerCase()} ${pair}`}
              onClick={() => onChange(pairs.filter((item) => item !== pair))}
            >
              <IconClose size={12} />
            </button>
          </span>
        ))}
        <Input
          id={id}
          size="sm"
          className="pair-filter__input"
          placeholder="key=value, then Enter"
          value={draft}
          aria-invalid={invalid ? "true" : undefined}
          onInput={(event) => {
            setDraft(event.currentTarget.value);
            setInvalid(false);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              add();
            }
          }}
          onBlur={add}
          data-testid={`${testId}-input`}
        />
      </div>
      {invalid && <p className="field__error">Write it as key=value.</p>}
    </div>
  );
}
