import { useState } from "preact/hooks";
import { type Dataset, listDatasets } from "../../api/datasets";
import { useCursorPages } from "../../api/useCursorPages";
import { formatDateTime, formatRelative } from "../../app/format";
import { formatInteger } from "../../app/numbers";
import { SECTION, sectionHref } from "../../app/sections";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { Link, navigate, useLocation } from "../../router";
import { withQuery } from "../../router/paths";
import { Button, LinkButton } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { CodeBlock } from "../../ui/CodeBlock";
import { EmptyState } from "../../ui/EmptyState";
import { IconPlus } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";
import { type Column, Table } from "../../ui/Table";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { TextFilter } from "../traces/TextFilter";
import { DatasetDialog } from "./DatasetDialog";
import { datasetPath } from "./paths";
import { canEditDatasets } from "./permissions";

const SDK_SNIPPET = `import { datasets } from "@sightline/sdk";

const golden = await datasets.create({ name: "support-golden" });
await datasets.merge({
  datasetId: golden.id,
  records: [{ inputs: { question: "Can I get a refund?" }, expectations: { expected_response: "Within 30 days" } }],
});`;

const CLI_SNIPPET = "npx sightline datasets import golden.jsonl --dataset support-golden --create";

const when = (iso: string | null) =>
  iso ? (
    <time className="nowrap" dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  ) : (
    <span className="muted">Never</span>
  );

const columns = (projectId: string): Column<Dataset>[] => [
  {
    key: "name",
    header: "Name",
    render: (dataset) => (
      <span className="stack">
        <Link
          href={datasetPath(projectId, dataset.id)}
          className="cell-title__text"
          data-testid="dataset-link"
        >
          {dataset.name}
        </Link>
        {dataset.description && <span className="stack__meta cell-clamp">{dataset.description}</span>}
      </span>
    ),
  },
  {
    key: "records",
    header: "Records",
    numeric: true,
    width: "110px",
    render: (dataset) => <span data-testid="dataset-record-count">{formatInteger(dataset.recordCount)}</span>,
  },
  {
    key: "version",
    header: "Version",
    numeric: true,
    width: "90px",
    render: (dataset) => (
      <span data-testid="dataset-version">
        {dataset.version === 0 ? <span className="muted">—</span> : `v${dataset.version}`}
      </span>
    ),
  },
  { key: "updated", header: "Updated", width: "130px", render: (dataset) => when(dataset.updatedAt) },
  { key: "used", header: "Last used", width: "130px", render: (dataset) => when(dataset.lastUsedAt) },
];

function NoDatasetsYet({ projectId, onCreate }: { projectId: string; onCreate: (() => void) | null }) {
  return (
    <EmptyState
      icon={SECTION.datasets.icon}
      title="No datasets yet"
      description={
        <>
          A dataset is your application's test cases: the <strong>inputs</strong> it must handle and the{" "}
          <strong>expectations</strong> a good answer meets. Evaluations run on a fixed version of one, so
          their results stay comparable. Fill one from interesting traces (select them on the Traces page and
          “Add to dataset”), import a JSONL, JSON or CSV file into it, or send records from the SDK.
        </>
      }
      actions={
        <>
          {onCreate && (
            <Button variant="primary" icon={IconPlus} onClick={onCreate} data-testid="new-dataset">
              New dataset
            </Button>
          )}
          <LinkButton href={sectionHref(SECTION.traces, projectId)} icon={SECTION.traces.icon}>
            Pick examples from traces
          </LinkButton>
        </>
      }
    >
      <div className="ds-snippets">
        <CodeBlock label="From code: the TypeScript SDK" code={SDK_SNIPPET} wrap />
        <CodeBlock label="A JSONL, JSON or CSV file from the command line" code={CLI_SNIPPET} wrap />
      </div>
    </EmptyState>
  );
}

/** The project's datasets, newest change first, searchable by name. */
export function DatasetsPage() {
  const project = useProject();
  const { role } = useSignedIn();
  const { pathname, search: query } = useLocation();
  const search = new URLSearchParams(query).get("search") ?? "";
  const [creating, setCreating] = useState(false);
  const { pages, loadMore, reload } = useCursorPages<Dataset>({
    key: `${project.id}\u0000${search}`,
    what: "datasets",
    idOf: (dataset) => dataset.id,
    fetchPage: async (cursor, signal) => {
      const page = await listDatasets(project.id, { search: search || undefined, cursor }, { signal });
      return { items: page.datasets, nextCursor: page.nextCursor };
    },
  });
  const canCreate = canEditDatasets(role);
  const open = canCreate ? () => setCreating(true) : null;
  const empty = pages.status === "ready" && pages.items.length === 0;

  return (
    <div className="page">
      <PageHeader
        title={SECTION.datasets.label}
        description="Versioned test cases — inputs, expectations and recorded outputs — that evaluations run on."
        actions={
          open &&
          !(empty && !search) && (
            <Button variant="primary" size="sm" icon={IconPlus} onClick={open} data-testid="new-dataset">
              New dataset
            </Button>
          )
        }
      />
      {empty && !search ? (
        <div className="panel" data-testid="datasets-empty">
          <NoDatasetsYet projectId={project.id} onCreate={open} />
        </div>
      ) : (
        <Card flush data-testid="datasets">
          <div className="filter-bar">
            <div className="filter-bar__row">
              <TextFilter
                type="search"
                label="Search datasets by name"
                placeholder="Search by name"
                value={search}
                debounceMs={300}
                onCommit={(value, how) =>
                  navigate(
                    withQuery(pathname, new URLSearchParams(value.trim() ? { search: value.trim() } : {})),
                    {
                      replace: how === "refine",
                    },
                  )
                }
                data-testid="datasets-search"
              />
            </div>
          </div>
          {pages.status === "loading" && <LoadingRows label="Loading datasets…" block="settings-loading" />}
          {pages.status === "error" && (
            <div className="settings-pad">
              <LoadFailed what="datasets" error={pages.error} onRetry={reload} />
            </div>
          )}
          {pages.status === "ready" && (
            <>
              <Table
                caption="Datasets"
                columns={columns(project.id)}
                rows={pages.items}
                rowKey={(dataset) => dataset.id}
                onRowClick={(dataset) => navigate(datasetPath(project.id, dataset.id))}
                empty={<span data-testid="datasets-no-match">No dataset's name contains “{search}”.</span>}
              />
              {pages.nextCursor && (
                <div className="load-more">
                  <Button
                    onClick={() => void loadMore()}
                    loading={pages.loadingMore}
                    data-testid="datasets-load-more"
                  >
                    Load more
                  </Button>
                </div>
              )}
            </>
          )}
        </Card>
      )}
      <DatasetDialog
        open={creating}
        onClose={() => setCreating(false)}
        projectId={project.id}
        onSaved={(dataset) => navigate(datasetPath(project.id, dataset.id))}
      />
    </div>
  );
}
