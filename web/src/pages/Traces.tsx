import { useEffect, useMemo, useState } from "preact/hooks";
import { SECTION } from "../app/sections";
import { can } from "../auth/permissions";
import { useProject, useSignedIn } from "../auth/SessionProvider";
import { Button } from "../ui/Button";
import { cx } from "../ui/cx";
import { IconRefresh } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";
import { LoadFailed } from "./common/LoadFailed";
import { LoadingRows } from "./common/LoadingRows";
import { AddToDatasetButton } from "./datasets/AddToDatasetButton";
import { canEditDatasets } from "./datasets/permissions";
import { useFeedbackNames } from "./trace/assessments/useFeedbackNames";
import { ActiveFilters } from "./traces/ActiveFilters";
import { ColumnChooser } from "./traces/ColumnChooser";
import { withFeedbackColumns } from "./traces/columns";
import { FilterBar } from "./traces/FilterBar";
import { clearedFilters, hasFilters, toTraceQuery } from "./traces/filters";
import { ListFooter } from "./traces/ListFooter";
import { QuickView } from "./traces/QuickView";
import { NoMatches, NoTracesYet } from "./traces/TracesEmpty";
import { TraceTable } from "./traces/TraceTable";
import { useColumnPrefs } from "./traces/useColumnPrefs";
import { useFeedbackColumns } from "./traces/useFeedbackColumns";
import { usePeekSummary } from "./traces/usePeekSummary";
import { useTraceFilters } from "./traces/useTraceFilters";
import { useTraceList } from "./traces/useTraceList";

function TracesList({ projectId }: { projectId: string }) {
  const { role } = useSignedIn();
  const { filters, filterKey, peek, setFilters, setPeek } = useTraceFilters();
  const { feedbackColumns, toggleFeedbackColumn, resetFeedbackColumns } = useFeedbackColumns(projectId);
  const { list, loadMore, reload, patch } = useTraceList(projectId, filters, filterKey, feedbackColumns);
  const { visible, columns: fixedColumns, toggle, reset } = useColumnPrefs();
  const { names: feedbackNames } = useFeedbackNames(projectId);
  const columns = useMemo(
    () => withFeedbackColumns(fixedColumns, feedbackColumns),
    [fixedColumns, feedbackColumns],
  );
  const rows = list.status === "ready" ? list.items : [];
  const peeked = usePeekSummary(projectId, peek, rows, list.status !== "loading");
  const models = useMemo(() => [...new Set(rows.flatMap((trace) => trace.models))].sort(), [rows]);
  // Rows picked for "Add to dataset"; other filters are another list, so the picks go.
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setPicked(new Set()), [filterKey]);
  const pickedIds = useMemo(() => [...picked], [picked]);
  const canAdd = canEditDatasets(role);

  return (
    <div className={cx("traces-layout", peek && "has-quick-view")}>
      <div className="card traces-card">
        <FilterBar
          filters={filters}
          onChange={setFilters}
          models={models}
          feedbackNames={feedbackNames}
          actions={
            <>
              {canAdd && (
                <AddToDatasetButton
                  projectId={projectId}
                  traceIds={pickedIds}
                  filter={toTraceQuery(filters)}
                />
              )}
              <ColumnChooser
                visible={visible}
                onToggle={toggle}
                onReset={() => {
                  reset();
                  resetFeedbackColumns();
                }}
                feedbackNames={feedbackNames}
                feedbackVisible={feedbackColumns}
                onToggleFeedback={toggleFeedbackColumn}
              />
              <Button
                size="sm"
                variant="ghost"
                icon={IconRefresh}
                aria-label="Refresh"
                title="Refresh"
                loading={list.status === "loading"}
                onClick={reload}
                data-testid="traces-refresh"
              />
            </>
          }
        />
        <ActiveFilters filters={filters} onChange={setFilters} />
        {list.status === "loading" && (
          <LoadingRows label="Loading traces…" block="trace-loading" rows={5} testId="traces-loading" />
        )}
        {list.status === "error" && (
          <div className="traces-card__pad">
            <LoadFailed what="traces" error={list.error} onRetry={reload} testId="load-error" />
          </div>
        )}
        {list.status === "ready" && list.items.length === 0 && (
          <div className="traces-card__empty" data-testid="traces-empty">
            {hasFilters(filters) ? (
              <NoMatches projectId={projectId} onClear={() => setFilters(clearedFilters(filters))} />
            ) : (
              <NoTracesYet />
            )}
          </div>
        )}
        {list.status === "ready" && list.items.length > 0 && (
          <TraceTable
            projectId={projectId}
            columns={columns}
            traces={list.items}
            sort={filters.sort}
            order={filters.order}
            onSort={(sort, order) => setFilters({ ...filters, sort, order })}
            selectedId={peek}
            onSelect={(traceId) => setPeek(traceId === peek ? null : traceId)}
            selection={canAdd ? { selected: picked, onChange: setPicked } : undefined}
            footer={
              <ListFooter
                colSpan={columns.length + (canAdd ? 1 : 0)}
                count={list.items.length}
                hasMore={list.nextCursor !== null}
                loading={list.loadingMore}
                error={list.moreError}
                onLoadMore={() => void loadMore()}
              />
            }
          />
        )}
      </div>
      {peek && (
        <QuickView
          projectId={projectId}
          traceId={peek}
          trace={peeked}
          canEdit={can.editTraces(role)}
          onClose={() => setPeek(null)}
          onTagsChange={(tags) => patch(peek, { tags })}
        />
      )}
    </div>
  );
}

export function TracesPage() {
  const project = useProject();
  return (
    <div className="page page--wide">
      <PageHeader
        title={SECTION.traces.label}
        description="Every request your application handles, with each LLM call, tool call and retrieval step as a span."
      />
      <TracesList projectId={project.id} />
    </div>
  );
}
