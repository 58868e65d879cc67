import { useState } from "preact/hooks";
import type { ScoreRequest } from "../../api/scorers";
import { listSessions, listTraces } from "../../api/traces";
import { useResource } from "../../api/useResource";
import { formatRelative } from "../../app/format";
import { Field } from "../../ui/Field";
import { Select, Textarea } from "../../ui/Input";
import { Segmented } from "../../ui/Segmented";
import { EXAMPLE_RECORD, type RecordDraft, recordTarget, type TargetKind } from "./playgroundTarget";

const RECENT = 20;

/**
 * What the playground scores: one of the recent traces or sessions, or pasted JSON; `resolve()`
 * gives the request's target, or what to fix (shown by the fields or returned as a message).
 */
export function usePlaygroundTarget(projectId: string, initialKind: TargetKind) {
  const [kind, setKind] = useState<TargetKind>(initialKind);
  const [traceId, setTraceId] = useState("");
  const [sessionId, setSessionId] = useState("");
  const [record, setRecord] = useState<RecordDraft>(EXAMPLE_RECORD);
  const [recordError, setRecordError] = useState<{ field: keyof RecordDraft; message: string } | null>(null);
  const [traces] = useResource(`playground-traces:${projectId}`, (signal) =>
    listTraces(projectId, { limit: RECENT }, { signal }),
  );
  const [sessions] = useResource(kind === "session" ? `playground-sessions:${projectId}` : null, (signal) =>
    listSessions(projectId, { limit: RECENT }, { signal }),
  );
  const traceOptions = (traces.status === "ready" ? traces.data.traces : []).map((t) => ({
    value: t.traceId,
    label: `${t.name} · ${formatRelative(t.startTime)} · ${(t.inputPreview ?? "").slice(0, 60)}`,
  }));
  const sessionOptions = (sessions.status === "ready" ? sessions.data.sessions : []).map((s) => ({
    value: s.sessionId,
    label: `${s.sessionId} · ${s.turns} turns · ${formatRelative(s.lastTime)} · ${(s.firstInputPreview ?? "").slice(0, 50)}`,
  }));
  const chosenTrace = traceId || traceOptions[0]?.value || "";
  const chosenSession = sessionId || sessionOptions[0]?.value || "";

  const resolve = ():
    | { ok: true; target: ScoreRequest["target"] }
    | { ok: false; message: string | null } => {
    if (kind === "trace")
      return chosenTrace
        ? { ok: true, target: { traceId: chosenTrace } }
        : { ok: false, message: "Pick a trace." };
    if (kind === "session")
      return chosenSession
        ? { ok: true, target: { sessionId: chosenSession } }
        : { ok: false, message: "Pick a session." };
    const parsed = recordTarget(record);
    setRecordError(parsed.ok ? null : parsed);
    return parsed.ok ? parsed : { ok: false, message: null };
  };

  return {
    kind,
    setKind,
    resolve,
    trace: {
      options: traceOptions,
      loaded: traces.status === "ready",
      chosen: chosenTrace,
      choose: setTraceId,
    },
    session: {
      options: sessionOptions,
      loaded: sessions.status === "ready",
      chosen: chosenSession,
      choose: setSessionId,
    },
    record: { value: record, set: setRecord, error: recordError },
  };
}

export type PlaygroundTarget = ReturnType<typeof usePlaygroundTarget>;

/** "Score: a trace · a session · pasted JSON". */
export function TargetKindPicker({ target }: { target: PlaygroundTarget }) {
  return (
    <div className="playground__target field">
      <span className="field__label">Score</span>
      <Segmented
        label="Score"
        value={target.kind}
        onChange={target.setKind}
        options={[
          { value: "trace", label: "A trace" },
          { value: "session", label: "A session" },
          { value: "record", label: "Pasted JSON" },
        ]}
        data-testid="playground-target"
      />
    </div>
  );
}

const RECENT_FIELDS = {
  trace: {
    label: "Trace",
    hint: "The 20 latest.",
    none: "No traces yet: send some, or paste JSON.",
    testId: "playground-trace",
  },
  session: {
    label: "Session",
    hint: "The 20 latest; a session judge reads their turns in order.",
    none: "No sessions yet: traces join one by their session id attribute (session.id).",
    testId: "playground-session",
  },
} as const;

/** The recent trace or session to score, or the record's inputs, outputs and expectations. */
export function TargetFields({ target }: { target: PlaygroundTarget }) {
  const { record } = target;
  if (target.kind !== "record") {
    const recent = target[target.kind];
    const field = RECENT_FIELDS[target.kind];
    return (
      <Field
        label={field.label}
        hint={recent.loaded && recent.options.length === 0 ? field.none : field.hint}
      >
        <Select
          value={recent.chosen}
          onChange={(e) => recent.choose(e.currentTarget.value)}
          options={recent.options}
          data-testid={field.testId}
        />
      </Field>
    );
  }
  return (
    <>
      {(["inputs", "outputs", "expectations"] as const).map((field) => (
        <Field
          key={field}
          label={field}
          error={record.error?.field === field ? record.error.message : undefined}
        >
          <Textarea
            value={record.value[field]}
            onInput={(e) => record.set({ ...record.value, [field]: e.currentTarget.value })}
            rows={2}
            className="mono"
            data-testid={`playground-${field}`}
          />
        </Field>
      ))}
    </>
  );
}
