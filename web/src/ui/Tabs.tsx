import type { ComponentChildren, TargetedKeyboardEvent } from "preact";
import { useId, useRef, useState } from "preact/hooks";
import { cx } from "./cx";

/** Tabs (ARIA tablist: arrow keys move between tabs, only the selected tab is in the tab order). */
export interface TabItem {
  key: string;
  label: string;
  content: ComponentChildren;
}

export interface TabsProps {
  items: readonly TabItem[];
  /** Accessible name of the tab list. */
  label: string;
  defaultKey?: string;
  className?: string;
  "data-testid"?: string;
}

export function Tabs({ items, label, defaultKey, className, ...rest }: TabsProps) {
  const [selected, setSelected] = useState(defaultKey ?? items[0]?.key ?? "");
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const current = items.find((item) => item.key === selected) ?? items[0];

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const index = items.findIndex((item) => item.key === current?.key);
    let next = -1;
    if (event.key === "ArrowRight") next = (index + 1) % items.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + items.length) % items.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = items.length - 1;
    const item = items[next];
    if (!item) return;
    event.preventDefault();
    setSelected(item.key);
    listRef.current?.querySelector<HTMLElement>(`[data-tab="${item.key}"]`)?.focus();
  };

  return (
    <div className={cx("tabs", className)} data-testid={rest["data-testid"]}>
      <div ref={listRef} role="tablist" aria-label={label} className="tabs__list" onKeyDown={onKeyDown}>
        {items.map((item) => {
          const active = item.key === current?.key;
          return (
            <button
              key={item.key}
              type="button"
              role="tab"
              id={`${baseId}-tab-${item.key}`}
              aria-selected={active}
              aria-controls={`${baseId}-panel-${item.key}`}
              tabIndex={active ? 0 : -1}
              className={cx("tabs__tab", active && "is-active")}
              data-tab={item.key}
              onClick={() => setSelected(item.key)}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {current && (
        <div
          role="tabpanel"
          id={`${baseId}-panel-${current.key}`}
          aria-labelledby={`${baseId}-tab-${current.key}`}
          className="tabs__panel"
        >
          {current.content}
        </div>
      )}
    </div>
  );
}
