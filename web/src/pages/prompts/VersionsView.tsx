import type { Prompt, PromptVersion } from "../../api/prompts";
import { formatDateTime, formatRelative } from "../../app/format";
import { Badge } from "../../ui/Badge";
import { Card } from "../../ui/Card";
import { cx } from "../../ui/cx";
import { VersionDetail } from "./VersionDetail";

/** The versions, newest first, each with its aliases; the selected one's template, try-it and traces beside. */
export function VersionsView({
  projectId,
  prompt,
  versions,
  selected,
  onSelect,
}: {
  projectId: string;
  prompt: Prompt;
  versions: readonly PromptVersion[];
  selected: number;
  onSelect: (version: number) => void;
}) {
  const current = versions.find((v) => v.version === selected) ?? versions[0];
  return (
    <div className="pr-split">
      <Card flush className="pr-versions" data-testid="prompt-versions">
        <ol className="pr-version-list">
          {versions.map((v) => (
            <li key={v.version}>
              <button
                type="button"
                className={cx("pr-version", v.version === current?.version && "is-selected")}
                aria-current={v.version === current?.version ? "true" : undefined}
                onClick={() => onSelect(v.version)}
                data-testid="prompt-version"
                data-version={v.version}
              >
                <span className="pr-version__head">
                  <strong>v{v.version}</strong>
                  <span className="pr-chips">
                    {v.aliases.map((alias) => (
                      <Badge
                        key={alias}
                        tone={alias === "latest" ? "neutral" : alias === "production" ? "success" : "accent"}
                      >
                        {alias}
                      </Badge>
                    ))}
                  </span>
                </span>
                <span className="pr-version__message">
                  {v.message || <span className="muted">No message</span>}
                </span>
                <span className="stack__meta" title={formatDateTime(v.createdAt)}>
                  {v.createdBy} · {formatRelative(v.createdAt)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      </Card>
      {current && (
        <VersionDetail key={current.version} projectId={projectId} prompt={prompt} version={current} />
      )}
    </div>
  );
}
