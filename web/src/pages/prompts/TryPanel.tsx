import { useId, useRef, useState } from "preact/hooks";
import { toApiError } from "../../api/errors";
import { listJudgeProviders } from "../../api/judgeProviders";
import { type Prompt, type PromptTryResult, type PromptVersion, tryPromptVersion } from "../../api/prompts";
import { useResource } from "../../api/useResource";
import { formatCost, formatDuration, formatTokens } from "../../app/numbers";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { modelProblem } from "../scorers/modelUri";
import { settingsPath } from "../settings/tabs";

type Outcome =
  | { kind: "answer"; result: PromptTryResult }
  | { kind: "failed"; message: string; noProvider: boolean };

/** The version's own model, when its model config names a provider and a model. */
function configuredModel(version: PromptVersion): string {
  const config = version.modelConfig as { provider?: unknown; model?: unknown } | null;
  return typeof config?.provider === "string" && typeof config.model === "string"
    ? `${config.provider}:/${config.model}`
    : "";
}

const JUDGE_PROVIDERS = settingsPath("judge-providers");

function NoProvider({ message }: { message: string }) {
  return (
    <div data-testid="try-no-provider">
      <Alert tone="warning" title="No judge provider to run it on">
        {message} Add an OpenAI-compatible provider in{" "}
        <a href={JUDGE_PROVIDERS}>Settings → Judge providers</a>; try-it calls go through it and count against
        the organization's judge budget.
      </Alert>
    </div>
  );
}

function Answer({ result }: { result: PromptTryResult }) {
  return (
    <div className="playground-result" data-testid="try-result">
      <pre className="pr-part__text" data-testid="try-output">
        {result.output}
      </pre>
      <dl className="playground-usage">
        <div>
          <dt>Model</dt>
          <dd className="mono">{result.model}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd data-testid="try-tokens">
            {formatTokens(result.usage.inputTokens)} in · {formatTokens(result.usage.outputTokens)} out
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-testid="try-cost">{formatCost(result.costUsd)}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd data-testid="try-latency">{formatDuration(result.latencyMs)}</dd>
        </div>
      </dl>
    </div>
  );
}

/** Renders the version with sample variables and runs it once on a judge provider's model. */
export function TryPanel({
  projectId,
  prompt,
  version,
}: {
  projectId: string;
  prompt: Prompt;
  version: PromptVersion;
}) {
  const { currentOrg, role } = useSignedIn();
  const orgId = currentOrg?.id ?? null;
  const [providers] = useResource(
    orgId && can.readProviders(role) ? `judge-providers:${orgId}` : null,
    (signal) => listJudgeProviders(orgId ?? "", { signal }),
  );
  const names = providers.status === "ready" ? providers.data.map((p) => p.name) : [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [model, setModel] = useState(() => configuredModel(version) || "");
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const controller = useRef<AbortController | null>(null);
  const listId = useId();
  if (!can.editPrompts(role)) return null;
  const own = configuredModel(version);
  const suggestions = [...new Set([...(own ? [own] : []), ...names.map((n) => `${n}:/`)])];
  const chosen = model || (names[0] ? `${names[0]}:/gpt-4o-mini` : "");
  const noProviders = providers.status === "ready" && names.length === 0;

  const run = async () => {
    const problem = modelProblem(chosen);
    if (problem) return setOutcome({ kind: "failed", message: problem, noProvider: false });
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setRunning(true);
    setOutcome(null);
    try {
      const result = await tryPromptVersion(
        projectId,
        prompt.name,
        version.version,
        { variables: values, model: chosen },
        { signal: mine.signal },
      );
      setOutcome({ kind: "answer", result });
    } catch (error) {
      if (mine.signal.aborted) return;
      const apiError = toApiError(error);
      setOutcome({
        kind: "failed",
        message: apiError.message,
        noProvider: /Judge providers/.test(apiError.message),
      });
    } finally {
      if (controller.current === mine) setRunning(false);
    }
  };

  return (
    <Card
      title="Try it"
      description="One model call with this version, through the organization's judge provider (it counts against the judge budget). Nothing is stored."
      data-testid="try-panel"
    >
      <div className="form">
        {version.variables.map((name) => (
          <Field key={name} label={name}>
            <Input
              value={values[name] ?? ""}
              onInput={(event) => setValues({ ...values, [name]: event.currentTarget.value })}
              data-testid="try-variable"
              data-variable={name}
            />
          </Field>
        ))}
        {noProviders ? (
          <NoProvider message="The organization has no judge provider yet." />
        ) : (
          <Field
            label="Model"
            hint={
              <>
                <code>&lt;provider&gt;:/&lt;model&gt;</code>
                {names.length > 0 && <> — providers: {names.map((n) => `${n}:/`).join(", ")}</>}
                {own && <> — this version's model: {own}</>}
              </>
            }
          >
            <Input
              className="mono"
              value={model}
              placeholder={chosen || "openai:/gpt-4o-mini"}
              spellcheck={false}
              onInput={(event) => setModel(event.currentTarget.value)}
              list={listId}
              data-testid="try-model"
            />
            <datalist id={listId}>
              {suggestions.map((uri) => (
                <option key={uri} value={uri} />
              ))}
            </datalist>
          </Field>
        )}
        <div>
          <Button
            variant="primary"
            loading={running}
            disabled={noProviders}
            onClick={() => void run()}
            data-testid="try-run"
          >
            Run
          </Button>
        </div>
        {outcome?.kind === "failed" &&
          (outcome.noProvider ? (
            <NoProvider message={outcome.message} />
          ) : (
            <div data-testid="try-error">
              <Alert tone="danger" title="The run failed">
                {outcome.message}
              </Alert>
            </div>
          ))}
        {outcome?.kind === "answer" && <Answer result={outcome.result} />}
      </div>
    </Card>
  );
}
