import { TRACES } from "../app/sections";
import { LinkButton } from "../ui/Button";
import { CodeBlock } from "../ui/CodeBlock";
import { EmptyState } from "../ui/EmptyState";
import { IconKey } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";

function otlpSnippet(origin: string): string {
  return [
    `export OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="${origin}/v1/traces"`,
    `export OTEL_EXPORTER_OTLP_TRACES_HEADERS="Authorization=Bearer <your-api-key>"`,
  ].join("\n");
}

export function TracesPage() {
  const origin = window.location.origin;
  return (
    <div className="page">
      <PageHeader
        title={TRACES.label}
        description="Every request your application handles, with each LLM call, tool call and retrieval step as a span."
      />
      <div className="panel">
        <EmptyState
          icon={TRACES.icon}
          title="No traces yet"
          description={
            <>
              Send spans with the Sightline SDK or any OpenTelemetry exporter to <code>/v1/traces</code>. They
              show up here within seconds, with inputs, outputs, latency, token usage and cost.
            </>
          }
          actions={
            <LinkButton href="/settings/api-keys" variant="primary" icon={IconKey}>
              Create an API key
            </LinkButton>
          }
        >
          <CodeBlock label="OpenTelemetry exporter (OTLP/HTTP)" code={otlpSnippet(origin)} />
        </EmptyState>
      </div>
    </div>
  );
}
