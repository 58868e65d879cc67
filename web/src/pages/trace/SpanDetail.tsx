import type { ComponentChildren } from "preact";
import type { Span, SpanSummary } from "../../api/traceTypes";
import { formatDateTime } from "../../app/format";
import { formatCost, formatDuration, formatInteger } from "../../app/numbers";
import { Alert } from "../../ui/Alert";
import { cx } from "../../ui/cx";
import { JsonTree } from "../../ui/JsonTree";
import { Skeleton } from "../../ui/Skeleton";
import { Spinner } from "../../ui/Spinner";
import { LoadFailed } from "../common/LoadFailed";
import { type ToolInvocation, toolInvocation } from "./chat/toolSpan";
import { EventList } from "./EventList";
import { Payload } from "./Payload";
import { StatusBadge } from "./StatusBadge";
import { spanTypeLook } from "./spanTypes";
import { type SpanTokens, wrapperLabels } from "./usage";
import type { FullSpan } from "./useFullSpan";

function Fact({ label, wide, children }: { label: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <div className={cx(wide && "fact-grid__wide")}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Section({
  title,
  count,
  open = true,
  children,
  testId,
}: {
  title: string;
  count?: number;
  open?: boolean;
  children: ComponentChildren;
  testId: string;
}) {
  return (
    <details className="detail-section" open={open} data-testid={testId}>
      <summary className="detail-section__summary">
        {title}
        {count !== undefined && <span className="detail-section__count num">{count}</span>}
      </summary>
      <div className="detail-section__body">{children}</div>
    </details>
  );
}

/** Inputs, outputs, attributes and events of a whole span; a tool span's call on one line first. */
function SpanPayloads({ span }: { span: Span }) {
  const hasException = span.events.some((event) => event.name === "exception");
  const attributeCount = Object.keys(span.attributes).length;
  const invocation = toolInvocation(span);
  return (
    <>
      {invocation && <ToolInvocationLine invocation={invocation} />}
      <Section title="Inputs" testId="span-inputs-section">
        <Payload value={span.inputs} testId="span-inputs" label="inputs" />
      </Section>
      <Section title="Outputs" testId="span-outputs-section">
        <Payload value={span.outputs} testId="span-outputs" label="outputs" />
      </Section>
      <Section title="Attributes" count={attributeCount} open={false} testId="span-attributes">
        {attributeCount > 0 ? (
          <JsonTree value={span.attributes} openDepth={1} />
        ) : (
          <p className="muted">None</p>
        )}
      </Section>
      <Section
        title={hasException ? "Events & exceptions" : "Events"}
        count={span.events.length}
        open={hasException}
        testId="span-events-section"
      >
        <EventList events={span.events} spanStart={span.startTime} />
      </Section>
    </>
  );
}

/** `get_weather(city: Paris) → temperatureC: 18, conditions: sunny`. */
function ToolInvocationLine({ invocation }: { invocation: ToolInvocation }) {
  return (
    <p className="tool-invocation" data-testid="tool-invocation">
      <span className="tool-invocation__name">{invocation.name}</span>
      <span className="tool-invocation__punct">(</span>
      {invocation.arguments}
      <span className="tool-invocation__punct">)</span>
      {invocation.result !== null && (
        <>
          {" "}
          <span className="tool-invocation__arrow" aria-hidden="true">
            →
          </span>
          <span className="visually-hidden">returned</span>{" "}
          <span className="tool-invocation__result">
            {invocation.result === "" ? <span className="muted">nothing</span> : invocation.result}
          </span>
        </>
      )}
    </p>
  );
}

/** Tokens of a span over model calls: its own figure (not counted) and its subtree's. */
function WrapperTokens({ tokens }: { tokens: Extract<SpanTokens, { kind: "wrapper" }> }) {
  const labels = wrapperLabels(tokens);
  return (
    <>
      <Fact label="Tokens" wide>
        <div className="span-tokens" data-testid="span-tokens">
          {labels.own && (
            <p data-testid="span-tokens-own">
              {labels.own} <span className="muted">— {labels.ownNote}</span>
            </p>
          )}
          <p
            data-testid="span-tokens-subtree"
            title={`${formatInteger(tokens.subtree.totalTokens)} tokens in all`}
          >
            {labels.subtree}
          </p>
        </div>
      </Fact>
      {(labels.ownCost || labels.subtreeCost) && (
        <Fact label="Cost" wide>
          <div className="span-tokens" data-testid="span-cost">
            {labels.ownCost && <p className="muted">{labels.ownCost}</p>}
            {labels.subtreeCost && <p>{labels.subtreeCost}</p>}
          </div>
        </Fact>
      )}
    </>
  );
}

function PayloadsLoading() {
  return (
    <div className="span-detail__loading" role="status" data-testid="span-detail-loading">
      <p className="span-detail__loading-note">
        <Spinner size="sm" /> Loading inputs, outputs, attributes and events…
      </p>
      <Skeleton width="90%" height={14} />
      <Skeleton width="75%" height={14} />
      <Skeleton width="100%" height={120} />
    </div>
  );
}

/**
 * Everything about the selected span: facts (from the span summary, at once), then inputs/outputs,
 * attributes and events once the whole span has been read.
 */
export function SpanDetail({
  span,
  full,
  offsetMs,
  usage,
}: {
  span: SpanSummary;
  full: FullSpan;
  offsetMs: number;
  /** Where the span's usage stands in the trace (`usage.ts`). */
  usage: SpanTokens;
}) {
  const look = spanTypeLook(span.spanType);
  const Icon = look.icon;
  const tokens = span.totalTokens ?? (span.inputTokens ?? 0) + (span.outputTokens ?? 0);
  return (
    <section
      className="span-detail"
      aria-label={`Span ${span.name}`}
      data-testid="span-detail"
      data-span-id={span.spanId}
    >
      <header className="span-detail__header">
        <span className={cx("span-type", "span-type--lg", `span-type--${look.tone}`)}>
          <Icon size={14} />
        </span>
        <div className="span-detail__title">
          <h2 data-testid="span-detail-name">{span.name}</h2>
          <span className="span-detail__type">{look.label}</span>
        </div>
        <StatusBadge status={span.status} />
      </header>
      {span.status === "ERROR" && span.statusMessage && (
        <Alert tone="danger" title="This span failed">
          <p className="mono">{span.statusMessage}</p>
        </Alert>
      )}
      <dl className="fact-grid fact-grid--compact" data-testid="span-facts">
        <Fact label="Latency">{formatDuration(span.durationMs)}</Fact>
        <Fact label="Starts at">+{formatDuration(offsetMs)}</Fact>
        {usage.kind === "counted" && (
          <Fact label="Tokens">
            <span title={`${formatInteger(span.inputTokens)} in · ${formatInteger(span.outputTokens)} out`}>
              {formatInteger(tokens)}{" "}
              <span className="muted">
                ({formatInteger(span.inputTokens ?? 0)} in · {formatInteger(span.outputTokens ?? 0)} out)
              </span>
            </span>
          </Fact>
        )}
        {(span.cacheReadTokens !== null || span.cacheWriteTokens !== null) && (
          <Fact label="Cache">
            {formatInteger(span.cacheReadTokens ?? 0)} read · {formatInteger(span.cacheWriteTokens ?? 0)}{" "}
            written
          </Fact>
        )}
        {usage.kind === "wrapper" ? (
          <WrapperTokens tokens={usage} />
        ) : (
          span.costUsd !== null && <Fact label="Cost">{formatCost(span.costUsd)}</Fact>
        )}
        {span.model && (
          <Fact label="Model">
            <span className="mono">{span.model}</span>
          </Fact>
        )}
        {span.provider && <Fact label="Provider">{span.provider}</Fact>}
        <Fact label="Started">{formatDateTime(span.startTime)}</Fact>
        <Fact label="Span id">
          <span className="mono">{span.spanId}</span>
        </Fact>
      </dl>
      {full.status === "ready" ? (
        <SpanPayloads span={full.span} />
      ) : full.status === "error" ? (
        <LoadFailed
          what="this span's inputs and outputs"
          error={full.error}
          onRetry={full.retry}
          testId="span-detail-error"
        />
      ) : (
        <PayloadsLoading />
      )}
    </section>
  );
}
