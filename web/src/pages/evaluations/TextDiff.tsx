import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { cx } from "../../ui/cx";
import { type DiffPart, diffText, textOf } from "./results";

function Side({
  title,
  parts,
  hidden,
  emptyText,
}: {
  title: ComponentChildren;
  parts: readonly DiffPart[];
  hidden: DiffPart["op"];
  emptyText: string;
}) {
  const shown = parts.filter((part) => part.op !== hidden);
  return (
    <div className="ev-diff__side">
      <div className="ev-diff__title">{title}</div>
      <pre className="ev-diff__text" data-testid="output-diff-side">
        {shown.length === 0 || shown.every((part) => part.text === "") ? (
          <span className="muted">{emptyText}</span>
        ) : (
          shown.map((part, index) =>
            part.op === "same" ? (
              part.text
            ) : (
              // Parts repeat, so their position is part of the key; the list is rebuilt whole anyway.
              <mark key={`${index}:${part.op}`} className={cx("ev-diff__mark", `ev-diff__mark--${part.op}`)}>
                {part.text}
              </mark>
            ),
          )
        )}
      </pre>
    </div>
  );
}

/** Two outputs side by side, the baseline's removed words struck on the left and the candidate's added words marked on the right. */
export function TextDiff({
  before,
  after,
  beforeTitle,
  afterTitle,
  emptyText = "(no outputs)",
  sameText = "(same outputs)",
}: {
  before: unknown;
  after: unknown;
  beforeTitle: ComponentChildren;
  afterTitle: ComponentChildren;
  /** What an empty side says; the words of the evaluations page by default. */
  emptyText?: string;
  sameText?: string;
}) {
  const parts = useMemo(() => diffText(textOf(before), textOf(after)), [before, after]);
  const same = parts.every((part) => part.op === "same");
  return (
    <div className="ev-diff" data-testid="output-diff" data-same={same}>
      <Side title={beforeTitle} parts={parts} hidden="add" emptyText={emptyText} />
      <Side
        title={
          same ? (
            <>
              {afterTitle} <span>{sameText}</span>
            </>
          ) : (
            afterTitle
          )
        }
        parts={parts}
        hidden="remove"
        emptyText={emptyText}
      />
    </div>
  );
}
