import type { ScoreResult } from "../../api/scorers";
import { formatCost, formatDuration, formatTokens } from "../../app/numbers";
import { Badge } from "../../ui/Badge";
import { AssessmentValue } from "../trace/assessments/AssessmentValue";

/** What a scorer answered: value and verdict, rationale, or the error; a judge's model, tokens, cost and latency. */
export function PlaygroundResult({ result }: { result: ScoreResult }) {
  return (
    <div className="playground-result" data-testid="playground-result">
      {result.error ? (
        <div className="playground-result__error" data-testid="playground-error">
          <Badge tone="danger">{result.error.code}</Badge>
          <span>{result.error.message}</span>
        </div>
      ) : (
        <div className="playground-result__value">
          <span className="muted">{result.name}</span>
          <AssessmentValue value={result.value} />
          {result.passed !== null && (
            <Badge tone={result.passed ? "success" : "danger"}>
              <span data-testid="playground-passed">{result.passed ? "Passed" : "Failed"}</span>
            </Badge>
          )}
        </div>
      )}
      {result.rationale && (
        <p className="playground-result__rationale" data-testid="playground-rationale">
          {result.rationale}
        </p>
      )}
      {result.usage && (
        <dl className="playground-usage" data-testid="playground-usage">
          <div>
            <dt>Model</dt>
            <dd className="mono">{result.usage.model}</dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd data-testid="playground-tokens">
              {formatTokens(result.usage.inputTokens)} in · {formatTokens(result.usage.outputTokens)} out
            </dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd data-testid="playground-cost">{formatCost(result.usage.costUsd)}</dd>
          </div>
          <div>
            <dt>Latency</dt>
            <dd>{formatDuration(result.usage.latencyMs)}</dd>
          </div>
        </dl>
      )}
    </div>
  );
}
