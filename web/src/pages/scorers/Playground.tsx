import { useRef, useState } from "preact/hooks";
import { ApiError, toApiError } from "../../api/errors";
import {
  runScorer,
  type ScoreRequest,
  type ScoreResult,
  type Scorer,
  type ScorerVersion,
} from "../../api/scorers";
import { listTraces } from "../../api/traces";
import { useResource } from "../../api/useResource";
import { formatRelative } from "../../app/format";
import { traceHref } from "../../app/links";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Link } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { Field } from "../../ui/Field";
import { Select, Textarea } from "../../ui/Input";
import { Segmented } from "../../ui/Segmented";
import { Spinner } from "../../ui/Spinner";
import { definitionOf, type ScorerDraft } from "./draft";
import { PlaygroundResult } from "./PlaygroundResult";
import { EXAMPLE_RECORD, type RecordDraft, recordTarget, type TargetKind } from "./playgroundTarget";

export interface PlaygroundProps {
  projectId: string;
  scorer: Scorer | null;
  versions: readonly ScorerVersion[];
  draft: ScorerDraft;
}

const DRAFT = "draft";

type Outcome =
  | { kind: "result"; result: ScoreResult; persisted: boolean; traceId: string | null }
  | { kind: "failed"; message: string };

function failureOf(error: unknown): string {
  const apiError = toApiError(error);
  if (apiError instanceof ApiError && apiError.status === 429)
    return "Every judge permit of the organization is busy (RATE_LIMITED). Retry in a moment.";
  return `${apiError.message} (${apiError.code})`;
}

/** Runs a saved version, or the editor's unsaved definition, on a recent trace or on pasted JSON. */
export function Playground({ projectId, scorer, versions, draft }: PlaygroundProps) {
  const { role } = useSignedIn();
  const [which, setWhich] = useState<string>(scorer ? (versions[0]?.id ?? DRAFT) : DRAFT);
  const [targetKind, setTargetKind] = useState<TargetKind>("trace");
  const [traceId, setTraceId] = useState("");
  const [record, setRecord] = useState<RecordDraft>(EXAMPLE_RECORD);
  const [recordError, setRecordError] = useState<{ field: keyof RecordDraft; message: string } | null>(null);
  const [running, setRunning] = useState<"run" | "persist" | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const controller = useRef<AbortController | null>(null);
  const [traces] = useResource(`playground-traces:${projectId}`, (signal) =>
    listTraces(projectId, { limit: 20 }, { signal }),
  );
  const traceList = traces.status === "ready" ? traces.data.traces : [];
  const chosenTrace = traceId || traceList[0]?.traceId || "";

  const scorerRef = (): ScoreRequest["scorer"] | string => {
    if (which !== DRAFT) return { versionId: which };
    const result = definitionOf(draft);
    if (!result.ok) return "Fix the editor's definition first.";
    return { name: scorer?.name ?? "playground", definition: result.definition };
  };

  const run = async (persist: boolean) => {
    const ref = scorerRef();
    if (typeof ref === "string") return setOutcome({ kind: "failed", message: ref });
    let target: ScoreRequest["target"];
    if (targetKind === "trace") {
      if (!chosenTrace) return setOutcome({ kind: "failed", message: "Pick a trace." });
      target = { traceId: chosenTrace };
    } else {
      const parsed = recordTarget(record);
      setRecordError(parsed.ok ? null : parsed);
      if (!parsed.ok) return;
      target = parsed.target;
    }
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setRunning(persist ? "persist" : "run");
    try {
      const result = await runScorer(projectId, { target, scorer: ref, persist }, { signal: abort.signal });
      setOutcome({
        kind: "result",
        result,
        persisted: persist,
        traceId: "traceId" in target ? target.traceId : null,
      });
    } catch (error) {
      if (!abort.signal.aborted) setOutcome({ kind: "failed", message: failureOf(error) });
    } finally {
      if (controller.current === abort) setRunning(null);
    }
  };

  const canPersist =
    targetKind === "trace" &&
    which !== DRAFT &&
    can.writeFeedback(role) &&
    outcome?.kind === "result" &&
    !outcome.result.error;
  const versionOptions = [
    ...versions.map((version, index) => ({
      value: version.id,
      label: `Version ${version.version}${index === 0 ? " (latest)" : ""}`,
    })),
    { value: DRAFT, label: "The editor's definition (unsaved)" },
  ];

  return (
    <Card
      title="Playground"
      description="Try the scorer before it scores anything for real."
      data-testid="playground"
    >
      <div className="form">
        <div className="form__row">
          <Field label="Run">
            <Select
              value={which}
              onChange={(e) => setWhich(e.currentTarget.value)}
              options={versionOptions}
              data-testid="playground-scorer"
            />
          </Field>
          <div className="playground__target field">
            <span className="field__label">Score</span>
            <Segmented
              label="Score"
              value={targetKind}
              onChange={setTargetKind}
              options={[
                { value: "trace", label: "A trace" },
                { value: "record", label: "Pasted JSON" },
              ]}
              data-testid="playground-target"
            />
          </div>
        </div>
        {targetKind === "trace" ? (
          <Field
            label="Trace"
            hint={
              traces.status === "ready" && traceList.length === 0
                ? "No traces yet: send some, or paste JSON."
                : "The 20 latest."
            }
          >
            <Select
              value={chosenTrace}
              onChange={(e) => setTraceId(e.currentTarget.value)}
              data-testid="playground-trace"
            >
              {traceList.map((trace) => (
                <option key={trace.traceId} value={trace.traceId}>
                  {`${trace.name} · ${formatRelative(trace.startTime)} · ${(trace.inputPreview ?? "").slice(0, 60)}`}
                </option>
              ))}
            </Select>
          </Field>
        ) : (
          (["inputs", "outputs", "expectations"] as const).map((field) => (
            <Field
              key={field}
              label={field}
              error={recordError?.field === field ? recordError.message : undefined}
            >
              <Textarea
                value={record[field]}
                onInput={(e) => setRecord({ ...record, [field]: e.currentTarget.value })}
                rows={2}
                className="mono"
                data-testid={`playground-${field}`}
              />
            </Field>
          ))
        )}
        <div className="playground__actions">
          <Button
            variant="primary"
            loading={running === "run"}
            disabled={running !== null}
            onClick={() => void run(false)}
            data-testid="playground-run"
          >
            Run
          </Button>
          {canPersist && (
            <Button
              loading={running === "persist"}
              disabled={running !== null}
              onClick={() => void run(true)}
              data-testid="playground-persist"
            >
              Save as feedback
            </Button>
          )}
          {running && (
            <span className="playground__running" data-testid="playground-running">
              <Spinner size="sm" /> Scoring… a judge's call can take a few seconds.
            </span>
          )}
        </div>
        {outcome?.kind === "failed" && (
          <Alert tone="danger" title={<span data-testid="playground-failed">{outcome.message}</span>} />
        )}
        {outcome?.kind === "result" && <PlaygroundResult result={outcome.result} />}
        {outcome?.kind === "result" &&
          outcome.persisted &&
          outcome.traceId &&
          outcome.result.assessmentId && (
            <Alert tone="success" title="Saved as feedback">
              <Link href={traceHref(projectId, outcome.traceId)} data-testid="playground-trace-link">
                Open the trace
              </Link>
            </Alert>
          )}
      </div>
    </Card>
  );
}
