import { useRef, useState } from "preact/hooks";
import { ApiError, toApiError } from "../../api/errors";
import {
  runScorer,
  type ScoreRequest,
  type ScoreResult,
  type Scorer,
  type ScorerDefinition,
  type ScorerVersion,
} from "../../api/scorers";
import { sessionHref, traceHref } from "../../app/links";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Link } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { Field } from "../../ui/Field";
import { Select } from "../../ui/Input";
import { Spinner } from "../../ui/Spinner";
import { builtinInfo } from "./builtinJudges";
import { definitionOf, type ScorerDraft } from "./draft";
import { PlaygroundResult } from "./PlaygroundResult";
import { TargetFields, TargetKindPicker, usePlaygroundTarget } from "./PlaygroundTarget";

export interface PlaygroundProps {
  projectId: string;
  scorer: Scorer | null;
  versions: readonly ScorerVersion[];
  draft: ScorerDraft;
}

const DRAFT = "draft";

type Outcome =
  | { kind: "result"; result: ScoreResult; persisted: boolean; scored: ScoreRequest["target"] }
  | { kind: "failed"; message: string };

/** A built-in judge that reads a session's turns: it scores a session, not a trace. */
const scoresSessions = (definition: ScorerDefinition | null) =>
  definition?.type === "builtin" && builtinInfo(definition.judge).scope === "session";

/** Where the feedback saved on a trace or session is seen. */
function savedAt(projectId: string, target: ScoreRequest["target"]) {
  if ("traceId" in target) return { href: traceHref(projectId, target.traceId), label: "Open the trace" };
  if ("sessionId" in target)
    return { href: sessionHref(projectId, target.sessionId), label: "Open the session" };
  return null;
}

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
  const [running, setRunning] = useState<"run" | "persist" | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const controller = useRef<AbortController | null>(null);
  const draftDefinition = definitionOf(draft);
  const sessionJudge =
    which === DRAFT
      ? draft.type === "builtin" && builtinInfo(draft.judge).scope === "session"
      : scoresSessions(versions.find((version) => version.id === which)?.definition ?? null);
  const target = usePlaygroundTarget(projectId, sessionJudge ? "session" : "trace");

  const scorerRef = (): ScoreRequest["scorer"] | string => {
    if (which !== DRAFT) return { versionId: which };
    if (!draftDefinition.ok) return "Fix the editor's definition first.";
    return { name: scorer?.name ?? "playground", definition: draftDefinition.definition };
  };

  const run = async (persist: boolean) => {
    const ref = scorerRef();
    if (typeof ref === "string") return setOutcome({ kind: "failed", message: ref });
    const resolved = target.resolve();
    if (!resolved.ok) {
      if (resolved.message) setOutcome({ kind: "failed", message: resolved.message });
      return;
    }
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setRunning(persist ? "persist" : "run");
    try {
      const result = await runScorer(
        projectId,
        { target: resolved.target, scorer: ref, persist },
        { signal: abort.signal },
      );
      setOutcome({ kind: "result", result, persisted: persist, scored: resolved.target });
    } catch (error) {
      if (!abort.signal.aborted) setOutcome({ kind: "failed", message: failureOf(error) });
    } finally {
      if (controller.current === abort) setRunning(null);
    }
  };

  const canPersist =
    target.kind !== "record" &&
    which !== DRAFT &&
    can.writeFeedback(role) &&
    outcome?.kind === "result" &&
    !outcome.result.error;
  const saved =
    outcome?.kind === "result" && outcome.persisted && outcome.result.assessmentId
      ? savedAt(projectId, outcome.scored)
      : null;
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
        <Field label="Run">
          <Select
            value={which}
            onChange={(e) => setWhich(e.currentTarget.value)}
            options={versionOptions}
            data-testid="playground-scorer"
          />
        </Field>
        <TargetKindPicker target={target} />
        {sessionJudge && target.kind !== "session" && (
          <Alert tone="info" title="This judge reads a session's turns: pick “A session” to score one." />
        )}
        <TargetFields target={target} />
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
        {saved && (
          <Alert tone="success" title="Saved as feedback">
            <Link href={saved.href} data-testid="playground-trace-link">
              {saved.label}
            </Link>
          </Alert>
        )}
      </div>
    </Card>
  );
}
