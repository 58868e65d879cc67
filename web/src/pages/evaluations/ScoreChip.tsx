import { useId, useState } from "preact/hooks";
import { formatCost } from "../../app/numbers";
import { cx } from "../../ui/cx";
import { reasonOf, type ScoreGroup } from "./results";

const TIP_WIDTH = 320;
/** Rationales a tooltip lists at the most (one a repeat). */
const MOST_REASONS = 3;

/** Where the tooltip goes: under the chip, or over it near the window's foot; kept inside the window. */
function placeTip(rect: DOMRect): { left: string; top?: string; bottom?: string; width: string } {
  // Preact 11 sets numbers as they are: lengths need their unit.
  const left = `${Math.max(8, Math.min(rect.left, window.innerWidth - TIP_WIDTH - 8))}px`;
  const width = `${TIP_WIDTH}px`;
  return rect.bottom > window.innerHeight - 180
    ? { left, width, bottom: `${window.innerHeight - rect.top + 6}px` }
    : { left, width, top: `${rect.bottom + 6}px` };
}

function Tip({ group, id, anchor }: { group: ScoreGroup; id: string; anchor: DOMRect | null }) {
  const reasons = [...new Set(group.scores.map(reasonOf).filter(Boolean))];
  const cost = group.scores.reduce((sum, score) => sum + (score.costUsd ?? 0), 0);
  const repeated = group.scores.length > 1;
  return (
    <span
      className="ev-tip"
      role="tooltip"
      id={id}
      hidden={anchor === null}
      style={anchor ? placeTip(anchor) : undefined}
      data-testid="score-tip"
    >
      <span className="ev-tip__title">
        {group.tone === "warning" ? "Could not score" : repeated ? "Rationales" : "Rationale"}
        {repeated && ` · repeats ${group.scores.map((score) => score.repeat).join(", ")}`}
      </span>
      {reasons.slice(0, MOST_REASONS).map((reason) => (
        <span key={reason} className="ev-tip__reason">
          {reason}
        </span>
      ))}
      {reasons.length > MOST_REASONS && (
        <span className="ev-tip__meta">and {reasons.length - MOST_REASONS} more</span>
      )}
      {cost > 0 && <span className="ev-tip__meta">Judge cost {formatCost(cost)}</span>}
    </span>
  );
}

/**
 * What a scorer said of one record, as a coloured chip (with "×3" when several repeats said it),
 * the rationale (or the error) in a tooltip on hover and on keyboard focus. The tooltip is fixed
 * to the window, so the table's scrolling box does not cut it off.
 */
export function ScoreChip({ group, scorer }: { group: ScoreGroup; scorer: string }) {
  const tipId = useId();
  const [anchor, setAnchor] = useState<DOMRect | null>(null);
  const explained = group.scores.some((score) => reasonOf(score) !== "");
  const className = cx("badge", `badge--${group.tone}`, "ev-chip");
  const label = (
    <>
      {group.text}
      {group.scores.length > 1 && <span className="ev-chip__count">×{group.scores.length}</span>}
    </>
  );
  const data = { "data-testid": "score-chip", "data-scorer": scorer, "data-tone": group.tone };
  if (!explained)
    return (
      <span className={className} {...data}>
        {label}
      </span>
    );
  const show = (event: Event) => setAnchor((event.currentTarget as HTMLElement).getBoundingClientRect());
  const hide = () => setAnchor(null);
  // A button, so keyboard users reach the rationale too: focus or a click opens it.
  return (
    <button
      type="button"
      className={className}
      aria-describedby={tipId}
      onMouseEnter={show}
      onMouseLeave={hide}
      onFocus={show}
      onBlur={hide}
      onClick={(event) => (anchor ? hide() : show(event))}
      {...data}
    >
      {label}
      <Tip group={group} id={tipId} anchor={anchor} />
    </button>
  );
}
