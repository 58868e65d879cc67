import type { Prompt, PromptVersion } from "../../api/prompts";
import { Card } from "../../ui/Card";
import { LinkedTraces } from "./LinkedTraces";
import { TryPanel } from "./TryPanel";
import { messageTexts } from "./template";

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** One version: its template, model config and response format, the try-it panel and its traces. */
export function VersionDetail({
  projectId,
  prompt,
  version,
}: {
  projectId: string;
  prompt: Prompt;
  version: PromptVersion;
}) {
  return (
    <div className="pr-detail" data-testid="version-detail" data-version={version.version}>
      <Card title={`Version ${version.version} · ${version.kind === "chat" ? "chat" : "text"}`}>
        <div className="pr-uri">
          <code data-testid="version-uri">
            prompts:/{prompt.name}/{version.version}
          </code>
        </div>
        {messageTexts(version.template).map((part) => (
          <div key={part.label} className="pr-part">
            <div className="pr-part__label">{part.label}</div>
            <pre className="pr-part__text">{part.text}</pre>
          </div>
        ))}
        <p className="field__hint">
          Variables: {version.variables.length === 0 ? "none" : version.variables.join(", ")}
        </p>
        {version.modelConfig && (
          <div className="pr-part">
            <div className="pr-part__label">Model config</div>
            <pre className="pr-part__text">{json(version.modelConfig)}</pre>
          </div>
        )}
        {version.responseFormat && (
          <div className="pr-part">
            <div className="pr-part__label">Response format</div>
            <pre className="pr-part__text">{json(version.responseFormat)}</pre>
          </div>
        )}
      </Card>
      <TryPanel projectId={projectId} prompt={prompt} version={version} />
      <LinkedTraces projectId={projectId} prompt={prompt} version={version.version} />
    </div>
  );
}
