import type { RecordChange, ResultScore } from "../../api/evaluations";

/** The scorers to show for a record: those whose value changed first (the reason it is listed), then the rest by name. */
export function scorerOrder(
  changes: readonly Pick<RecordChange, "scorer">[],
  sides: readonly (readonly Pick<ResultScore, "scorer">[])[],
): string[] {
  const changed = [...new Set(changes.map((change) => change.scorer))];
  const others = [...new Set(sides.flat().map((score) => score.scorer))]
    .filter((name) => !changed.includes(name))
    .sort((a, b) => a.localeCompare(b));
  return [...changed, ...others];
}
