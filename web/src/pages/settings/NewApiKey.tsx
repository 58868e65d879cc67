import type { CreatedApiKey } from "../../api/types";
import { formatDate } from "../../app/format";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { CodeBlock } from "../../ui/CodeBlock";
import { SecretBlock } from "../../ui/SecretBlock";
import { Tabs } from "../../ui/Tabs";
import { curlSnippet, otelSnippet, sdkSnippet } from "./apiKeySnippets";

/** The freshly created key (shown once), with snippets to start using it. */
export function NewApiKey({ created }: { created: CreatedApiKey }) {
  const origin = window.location.origin;
  const { key } = created;
  return (
    <div className="form new-key" data-testid="new-api-key-panel">
      <Alert tone="warning" title="Copy this key now. You won't see it again.">
        Store it in your secret manager. If it's lost, revoke it and create a new one.
      </Alert>
      <SecretBlock value={key} label="API key" valueTestId="new-api-key" copyTestId="copy-api-key" />
      <dl className="new-key__meta">
        <div>
          <dt>Scopes</dt>
          <dd className="badge-list">
            {created.scopes.map((scope) => (
              <Badge key={scope} tone={scope === "admin" ? "warning" : "neutral"}>
                {scope}
              </Badge>
            ))}
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{created.expiresAt ? formatDate(created.expiresAt) : "Never"}</dd>
        </div>
      </dl>
      <Tabs
        label="Use the key"
        data-testid="api-key-snippets"
        items={[
          {
            key: "curl",
            label: "curl",
            content: <CodeBlock wrap label="Check the key" code={curlSnippet(origin, key)} />,
          },
          {
            key: "otel",
            label: "OpenTelemetry",
            content: (
              <CodeBlock wrap label="Environment variables (OTLP/HTTP)" code={otelSnippet(origin, key)} />
            ),
          },
          {
            key: "sdk",
            label: "TypeScript SDK",
            content: <CodeBlock wrap label="TypeScript" code={sdkSnippet(origin, key)} />,
          },
        ]}
      />
    </div>
  );
}
