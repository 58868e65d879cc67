import { useEffect, useId, useState } from "preact/hooks";
import {
  addTraces,
  createDataset,
  type Dataset,
  type DatasetImport,
  listDatasets,
  type TraceSelection,
} from "../../api/datasets";
import { ApiError } from "../../api/errors";
import type { TraceQuery } from "../../api/traceTypes";
import { useFormSubmit } from "../../api/useFormSubmit";
import { useResource } from "../../api/useResource";
import { formatInteger } from "../../app/numbers";
import { Alert } from "../../ui/Alert";
import { Button, LinkButton } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { Segmented } from "../../ui/Segmented";
import { ImportSummary, RejectedRows } from "./ImportReport";
import { ProgressBar } from "./ProgressBar";
import { datasetPath } from "./paths";
import { useImportPolling } from "./useImportPolling";

type AddField = "dataset" | "name" | "limit";
type Scope = "selected" | "filter";
type Target = "existing" | "new";

export interface AddToDatasetDialogProps {
  open: boolean;
  onClose: () => void;
  projectId: string;
  /** The traces chosen (the selected rows, or the trace page's one). */
  traceIds: readonly string[];
  /** The trace list's query, for "all matching the filter" (the traces page only). */
  filter?: TraceQuery;
}

const MAX_TRACES = 10_000;

/** The list's query without its paging and order: what selects the traces. */
function filterOnly(query: TraceQuery): TraceQuery {
  const {
    sort: _sort,
    order: _order,
    limit: _limit,
    cursor: _cursor,
    feedbackColumns: _columns,
    ...filter
  } = query;
  return filter;
}

/**
 * Adds traces to a dataset (picked or created here) as a background job, and follows it to its
 * version. Mount it when it opens: each opening starts afresh.
 */
export function AddToDatasetDialog({ open, onClose, projectId, traceIds, filter }: AddToDatasetDialogProps) {
  const formId = useId();
  const [scope, setScope] = useState<Scope>(traceIds.length > 0 || !filter ? "selected" : "filter");
  const [target, setTarget] = useState<Target>("existing");
  const [datasetId, setDatasetId] = useState("");
  const [name, setName] = useState("");
  const [limit, setLimit] = useState("1000");
  const [job, setJob] = useState<{ dataset: Dataset; session: DatasetImport } | null>(null);
  const { busy, errors, formError, run } = useFormSubmit<AddField>({
    fields: ["name", "limit"],
    onError: (error) =>
      error instanceof ApiError && error.status === 409 && target === "new"
        ? { fields: { name: `${error.message} Pick another name, or add to that dataset.` }, form: null }
        : error instanceof ApiError && error.status === 409
          ? {
              fields: {},
              form: `${error.message} An import is being written to that dataset: wait for it, then try again.`,
            }
          : undefined,
  });
  const [datasets] = useResource(open ? `datasets-for-traces:${projectId}` : null, (signal) =>
    listDatasets(projectId, { limit: 200 }, { signal }),
  );
  const choices = datasets.status === "ready" ? datasets.data.datasets : [];
  const poll = useImportPolling(
    projectId,
    job?.dataset.id ?? null,
    job?.session.id ?? null,
    job?.session ?? null,
  );

  useEffect(() => {
    if (datasets.status !== "ready") return;
    const first = datasets.data.datasets[0];
    setTarget(first ? "existing" : "new");
    setDatasetId((current) => current || first?.id || "");
  }, [datasets]);

  const submit = (event: Event) => {
    event.preventDefault();
    const most = Number(limit);
    const validation: Partial<Record<AddField, string>> = {};
    if (target === "new" && !name.trim()) validation.name = "Name the new dataset.";
    if (target === "existing" && !datasetId) validation.dataset = "Pick a dataset.";
    if (scope === "filter" && !(Number.isInteger(most) && most >= 1 && most <= MAX_TRACES))
      validation.limit = `A whole number from 1 to ${formatInteger(MAX_TRACES)}.`;
    void run(validation, async () => {
      const dataset =
        target === "new"
          ? await createDataset(projectId, { name: name.trim() })
          : (choices.find((item) => item.id === datasetId) as Dataset);
      const selection: TraceSelection =
        scope === "filter" && filter
          ? { filter: filterOnly(filter), limit: most }
          : { traceIds: [...traceIds] };
      const session = await addTraces(projectId, dataset.id, selection);
      setJob({ dataset, session });
    });
  };

  const session = poll.session ?? job?.session ?? null;
  const finished = session !== null && (session.status === "committed" || session.status === "aborted");
  // The job counts the traces it will add once it has found them.
  const total = session?.total ?? (scope === "selected" ? traceIds.length : null);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add to dataset"
      description="Each trace becomes a record: its inputs and outputs, its expectations, and a link back to it. Records with the same inputs merge."
      data-testid="add-to-dataset"
      footer={
        job ? (
          <>
            <Button onClick={onClose}>{finished ? "Close" : "Keep working (it goes on)"}</Button>
            <LinkButton
              href={datasetPath(projectId, job.dataset.id)}
              variant="primary"
              data-testid="open-dataset"
            >
              Open {job.dataset.name}
            </LinkButton>
          </>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              type="submit"
              form={formId}
              variant="primary"
              loading={busy}
              data-testid="add-traces-submit"
            >
              Add traces
            </Button>
          </>
        )
      }
    >
      {job && session ? (
        <div className="ds-import-progress" data-testid="add-traces-progress" data-status={session.status}>
          <p className="ds-import-progress__phase">
            {!finished
              ? `Adding traces to ${job.dataset.name}…`
              : session.status === "committed"
                ? `Added to ${job.dataset.name} as version ${session.version}.`
                : "The job was aborted: nothing was written."}
          </p>
          <ProgressBar
            value={session.accepted + session.rejected}
            total={finished ? session.accepted + session.rejected : total}
            label="Traces added"
            tone={session.status === "committed" ? "success" : "accent"}
          />
          <p className="ds-import-progress__counts" data-testid="add-traces-counts">
            {formatInteger(session.accepted)} traces read
            {total !== null ? ` of ${formatInteger(total)}` : ""} · {formatInteger(session.rejected)} skipped
          </p>
          {poll.error && (
            <Alert tone="warning" title="Can't reach the server to follow the job">
              {poll.error.message} It keeps running; the dataset shows the result.
            </Alert>
          )}
          {session.status === "committed" && <ImportSummary session={session} />}
          <RejectedRows rows={session.errors} total={session.rejected} unit="trace" />
        </div>
      ) : (
        <form id={formId} className="form" onSubmit={submit} noValidate>
          {formError && <Alert tone="danger" title={formError} />}
          {filter && (
            <Field label="Traces">
              <Segmented<Scope>
                label="Traces"
                options={[
                  { value: "selected", label: `${formatInteger(traceIds.length)} selected` },
                  { value: "filter", label: "All matching the filter" },
                ]}
                value={scope}
                onChange={(value) => (value === "filter" || traceIds.length > 0) && setScope(value)}
                data-testid="add-scope"
              />
            </Field>
          )}
          {scope === "filter" && (
            <Field label="At most" hint="Newest first; up to 10,000 traces at once." error={errors.limit}>
              <Input
                type="number"
                min="1"
                max={String(MAX_TRACES)}
                value={limit}
                onInput={(event) => setLimit(event.currentTarget.value)}
                data-testid="add-limit"
              />
            </Field>
          )}
          <Field label="Dataset">
            <Segmented<Target>
              label="Dataset"
              options={[
                { value: "existing", label: "An existing dataset" },
                { value: "new", label: "A new dataset" },
              ]}
              value={target}
              onChange={setTarget}
              data-testid="add-target"
            />
          </Field>
          {target === "existing" ? (
            <Field
              label="Add to"
              error={errors.dataset}
              hint={
                datasets.status === "error"
                  ? `Couldn't load the datasets: ${datasets.error.message}`
                  : undefined
              }
            >
              <Select
                value={datasetId}
                onChange={(event) => setDatasetId(event.currentTarget.value)}
                data-testid="add-dataset-select"
              >
                {choices.length === 0 && <option value="">No datasets yet</option>}
                {choices.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name} ({formatInteger(item.recordCount)} records)
                  </option>
                ))}
              </Select>
            </Field>
          ) : (
            <Field label="New dataset's name" error={errors.name} required>
              <Input
                value={name}
                maxLength={200}
                onInput={(event) => setName(event.currentTarget.value)}
                placeholder="e.g. refund-questions"
                data-testid="add-dataset-name"
              />
            </Field>
          )}
        </form>
      )}
    </Dialog>
  );
}
