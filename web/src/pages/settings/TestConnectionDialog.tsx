import { useEffect, useState } from "preact/hooks";
import { errorMessage } from "../../api/errors";
import { type JudgeProvider, type JudgeProviderTest, testJudgeProvider } from "../../api/judgeProviders";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Input } from "../../ui/Input";
import { IconRefresh } from "../../ui/icons";
import { Spinner } from "../../ui/Spinner";
import { modelUri } from "./judgeProviderForm";

type Outcome =
  | { status: "running" }
  | { status: "done"; result: JudgeProviderTest }
  /** The request itself failed (no permission, the provider is gone, the API unreachable). */
  | { status: "failed"; message: string };

/** Over this many models, a filter box helps find one. */
const FILTER_FROM = 12;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function Models({ provider, models }: { provider: JudgeProvider; models: readonly string[] }) {
  const [filter, setFilter] = useState("");
  const shown = filter
    ? models.filter((model) => model.toLowerCase().includes(filter.toLowerCase()))
    : models;
  return (
    <div className="provider-test__models">
      {models.length >= FILTER_FROM && (
        <Input
          type="search"
          size="sm"
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
          placeholder="Filter models"
          aria-label="Filter models"
          data-testid="provider-test-filter"
        />
      )}
      <ul
        className="provider-test__list"
        aria-label={`Models of ${provider.name}`}
        data-testid="provider-test-models"
      >
        {shown.map((model) => (
          <li key={model} className="provider-test__model">
            <code className="provider-test__id">{model}</code>
            <span className="provider-test__uri">{modelUri(provider.name, model)}</span>
          </li>
        ))}
        {shown.length === 0 && <li className="provider-test__model muted">No model matches “{filter}”.</li>}
      </ul>
    </div>
  );
}

function Result({ provider, outcome }: { provider: JudgeProvider; outcome: Outcome }) {
  if (outcome.status === "running") {
    return (
      <div className="provider-test__running" data-testid="provider-test-running">
        <Spinner size="sm" />
        <span>
          Asking <code>{provider.baseUrl}/models</code> with the stored key…
        </span>
      </div>
    );
  }
  if (outcome.status === "failed") {
    return (
      <Alert tone="danger" title="The test could not run" className="provider-test__alert">
        <p data-testid="provider-test-error">{outcome.message}</p>
      </Alert>
    );
  }
  const { result } = outcome;
  if (!result.ok) {
    return (
      <Alert tone="danger" title={`Couldn't connect to ${provider.name}`} className="provider-test__alert">
        <p data-testid="provider-test-error">{result.error}</p>
        <p>Check the base URL and the key, then test again.</p>
      </Alert>
    );
  }
  if (result.models.length === 0) {
    return (
      <Alert tone="warning" title="Connected, but no models are listed" className="provider-test__alert">
        <p data-testid="provider-test-count">
          The key works, and the provider lists no models. Judges can still name a model it serves.
        </p>
      </Alert>
    );
  }
  return (
    <>
      <Alert tone="success" title="Connected" className="provider-test__alert">
        <p data-testid="provider-test-count">
          {plural(result.models.length, "model")} found. Judges name them as{" "}
          <code>{modelUri(provider.name, "<model>")}</code>.
        </p>
      </Alert>
      <Models provider={provider} models={result.models} />
    </>
  );
}

/**
 * "Test connection": lists the provider's models with its stored key as soon as it opens, and
 * again on demand. Closing abandons a test still running.
 */
export function TestConnectionDialog({
  orgId,
  provider,
  onClose,
}: {
  orgId: string;
  provider: JudgeProvider | null;
  onClose: () => void;
}) {
  const [outcome, setOutcome] = useState<Outcome>({ status: "running" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!provider) return;
    const controller = new AbortController();
    setOutcome({ status: "running" });
    testJudgeProvider(orgId, provider.id, { signal: controller.signal }).then(
      (result) => {
        if (!controller.signal.aborted) setOutcome({ status: "done", result });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setOutcome({ status: "failed", message: errorMessage(error) });
      },
    );
    return () => controller.abort();
    // `attempt` is the "test again" trigger.
  }, [orgId, provider, attempt]);

  const running = outcome.status === "running";
  const status = outcome.status === "done" ? (outcome.result.ok ? "ok" : "error") : outcome.status;
  return (
    <Dialog
      open={provider !== null}
      onClose={onClose}
      title={provider ? `Test connection · ${provider.name}` : "Test connection"}
      description="Lists the provider's models with the stored key and headers."
      data-testid="provider-test-dialog"
      footer={
        <>
          <Button
            icon={IconRefresh}
            loading={running}
            onClick={() => setAttempt((value) => value + 1)}
            data-testid="provider-test-again"
          >
            {running ? "Testing…" : "Test again"}
          </Button>
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      {provider && (
        <div
          className="provider-test"
          aria-live="polite"
          aria-busy={running}
          data-status={status}
          data-testid="provider-test-result"
        >
          <Result provider={provider} outcome={outcome} />
        </div>
      )}
    </Dialog>
  );
}
