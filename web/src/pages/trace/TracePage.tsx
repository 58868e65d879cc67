import { useEffect, useState } from "preact/hooks";
import { getTraceOutline } from "../../api/traces";
import { useResource } from "../../api/useResource";
import { notifyError } from "../../app/notify";
import { SECTION, sectionHref } from "../../app/sections";
import { can } from "../../auth/permissions";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import type { RouteProps } from "../../router";
import { LinkButton } from "../../ui/Button";
import { EmptyState } from "../../ui/EmptyState";
import { IconSearch } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";
import { Skeleton } from "../../ui/Skeleton";
import { LoadFailed } from "../common/LoadFailed";
import { AddToDatasetButton } from "../datasets/AddToDatasetButton";
import { canEditDatasets } from "../datasets/permissions";
import { AssessmentsPanel } from "./assessments/AssessmentsPanel";
import { TraceBody } from "./TraceBody";
import { TraceHeader } from "./TraceHeader";

function Loading() {
  return (
    <div className="trace-loading-page" role="status" data-testid="trace-loading">
      <span className="visually-hidden">Loading the trace…</span>
      <h1 className="visually-hidden" data-testid="page-title" tabIndex={-1}>
        Trace
      </h1>
      <Skeleton width="40%" height={24} />
      <Skeleton width="70%" height={14} />
      <Skeleton width="100%" height={360} />
    </div>
  );
}

function TraceView({ projectId, traceId }: { projectId: string; traceId: string }) {
  const { role } = useSignedIn();
  const [state, reload] = useResource(`trace:${projectId}:${traceId}`, (signal) =>
    // Spans without payloads: the selected span is read whole by the span detail.
    getTraceOutline(projectId, traceId, { signal }),
  );
  const [tags, setTags] = useState<Record<string, string> | null>(null);

  useEffect(() => {
    if (state.status === "error" && state.error.status !== 404)
      notifyError("Couldn't load the trace", state.error);
  }, [state]);

  if (state.status === "idle" || state.status === "loading") return <Loading />;
  if (state.status === "error") {
    if (state.error.status === 404)
      return (
        <>
          <PageHeader title="Trace not found" />
          <div className="panel" data-testid="trace-not-found">
            <EmptyState
              icon={IconSearch}
              title="There's no such trace in this project"
              description={
                <>
                  <code>{traceId}</code> may belong to another project, have been deleted, or not have arrived
                  yet.
                </>
              }
              actions={
                <LinkButton
                  href={sectionHref(SECTION.traces, projectId)}
                  variant="primary"
                  icon={SECTION.traces.icon}
                >
                  Back to traces
                </LinkButton>
              }
            />
          </div>
        </>
      );
    return (
      <>
        <PageHeader title="Trace" />
        <LoadFailed what="the trace" error={state.error} onRetry={reload} testId="load-error" />
      </>
    );
  }
  const trace = state.data;
  return (
    <>
      <TraceHeader
        trace={trace}
        projectId={projectId}
        tags={tags ?? trace.tags}
        onTagsChange={setTags}
        canEdit={can.editTraces(role)}
        actions={
          canEditDatasets(role) && <AddToDatasetButton projectId={projectId} traceIds={[trace.traceId]} />
        }
      />
      <AssessmentsPanel projectId={projectId} traceId={trace.traceId} canWrite={can.writeFeedback(role)} />
      <TraceBody projectId={projectId} traceId={trace.traceId} spans={trace.spans} />
    </>
  );
}

export function TracePage({ params }: RouteProps) {
  const project = useProject();
  return (
    <div className="page page--wide trace-page">
      {/* A new trace (or project) is a new view: its edited tags and selection must not carry over. */}
      <TraceView
        key={`${project.id}:${params.traceId ?? ""}`}
        projectId={project.id}
        traceId={params.traceId ?? ""}
      />
    </div>
  );
}
