import { useEffect, useState } from "preact/hooks";
import { listTraces } from "../../api/traces";
import { SECTION } from "../../app/sections";
import { Button, LinkButton } from "../../ui/Button";
import { CodeBlock } from "../../ui/CodeBlock";
import { EmptyState } from "../../ui/EmptyState";
import { IconFilter, IconKey } from "../../ui/icons";
import { Spinner } from "../../ui/Spinner";
import { Tabs } from "../../ui/Tabs";
import { otelSnippet, sdkSnippet } from "../settings/apiKeySnippets";
import { settingsPath } from "../settings/tabs";

const KEY_PLACEHOLDER = "<your-api-key>";

function curlSnippet(origin: string): string {
  return [
    `curl ${origin}/v1/traces \\`,
    `  -H "Authorization: Bearer ${KEY_PLACEHOLDER}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d @spans.json   # an OTLP/JSON ExportTraceServiceRequest`,
  ].join("\n");
}

/** The project has no traces at all: how to send the first one. */
export function NoTracesYet() {
  const origin = window.location.origin;
  return (
    <EmptyState
      icon={SECTION.traces.icon}
      title="No traces yet"
      description={
        <>
          Send spans with the Sightline SDK or any OpenTelemetry exporter to <code>/v1/traces</code>. They
          show up here within seconds, with inputs, outputs, latency, token usage and cost.
        </>
      }
      actions={
        <LinkButton href={settingsPath("api-keys")} variant="primary" icon={IconKey}>
          Create an API key
        </LinkButton>
      }
    >
      <div data-testid="traces-empty-snippets">
        <Tabs
          label="How to send traces"
          items={[
            {
              key: "otlp",
              label: "OpenTelemetry",
              content: (
                <CodeBlock
                  label="OpenTelemetry exporter (OTLP/HTTP)"
                  code={otelSnippet(origin, KEY_PLACEHOLDER)}
                />
              ),
            },
            {
              key: "sdk",
              label: "Sightline SDK",
              content: <CodeBlock label="TypeScript" code={sdkSnippet(origin, KEY_PLACEHOLDER)} />,
            },
            { key: "curl", label: "curl", content: <CodeBlock label="Shell" code={curlSnippet(origin)} /> },
          ]}
        />
      </div>
    </EmptyState>
  );
}

/**
 * Nothing matches the filters. Asks the API whether the project has any trace at all, to tell
 * "no traces yet" from "no traces like that".
 */
export function NoMatches({ projectId, onClear }: { projectId: string; onClear: () => void }) {
  const [any, setAny] = useState<boolean | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    listTraces(projectId, { limit: 1 }, { signal: controller.signal }).then(
      (page) => setAny(page.traces.length > 0),
      () => setAny(true),
    );
    return () => controller.abort();
  }, [projectId]);

  if (any === null)
    return (
      <div className="empty empty--compact" role="status">
        <Spinner label="Checking for traces…" />
      </div>
    );
  if (!any) return <NoTracesYet />;
  return (
    <EmptyState
      icon={IconFilter}
      title="No traces match these filters"
      description="Try a wider time range, fewer filters, or a different search."
      actions={
        <Button variant="primary" onClick={onClear} data-testid="clear-filters-empty">
          Clear filters
        </Button>
      }
      className="empty--compact"
    />
  );
}
