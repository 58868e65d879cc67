import { SESSIONS, TRACES } from "../app/sections";
import { LinkButton } from "../ui/Button";
import { CodeBlock } from "../ui/CodeBlock";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";

const SNIPPET = `# Tag every span of a conversation with the same id
span.set_attribute("session.id", conversation_id)`;

export function SessionsPage() {
  return (
    <div className="page">
      <PageHeader
        title={SESSIONS.label}
        description="Multi-turn conversations and agent runs, with every trace of a session in order."
      />
      <div className="panel">
        <EmptyState
          icon={SESSIONS.icon}
          title="No sessions yet"
          description={
            <>
              Sessions group the traces of one conversation or agent run. Set the <code>session.id</code>{" "}
              attribute on your spans and they will be stitched together here.
            </>
          }
          actions={
            <LinkButton href={TRACES.href} variant="primary" icon={TRACES.icon}>
              Go to traces
            </LinkButton>
          }
        >
          <CodeBlock label="Python · OpenTelemetry" code={SNIPPET} />
        </EmptyState>
      </div>
    </div>
  );
}
