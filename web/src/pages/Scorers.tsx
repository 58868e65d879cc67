import { useState } from "preact/hooks";
import { listScorers, type Scorer } from "../api/scorers";
import { useResource } from "../api/useResource";
import { formatDateTime, formatRelative } from "../app/format";
import { can } from "../auth/permissions";
import { useProject, useSignedIn } from "../auth/SessionProvider";
import { navigate } from "../router";
import { LinkButton } from "../ui/Button";
import { Card } from "../ui/Card";
import { Checkbox } from "../ui/Checkbox";
import { EmptyState } from "../ui/EmptyState";
import { IconPlus, IconRanking } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";
import { type Column, Table } from "../ui/Table";
import { LoadFailed } from "./common/LoadFailed";
import { LoadingRows } from "./common/LoadingRows";
import { JudgeCatalog } from "./scorers/JudgeCatalog";
import { KindBadge } from "./scorers/KindBadge";
import { NEW_SCORER, scorerPath } from "./scorers/paths";
import { RuleCatalog } from "./scorers/RuleCatalog";

const COLUMNS: Column<Scorer>[] = [
  {
    key: "name",
    header: "Name",
    render: (scorer) => (
      <span className="stack">
        <span className="cell-title__text mono" data-testid="scorer-name-cell">
          {scorer.name}
        </span>
        {scorer.archived && <span className="muted">Archived</span>}
      </span>
    ),
  },
  {
    key: "kind",
    header: "Kind",
    width: "200px",
    render: (scorer) => <KindBadge definition={scorer.latest.definition} />,
  },
  {
    key: "version",
    header: "Version",
    width: "90px",
    numeric: true,
    render: (scorer) => <span data-testid="scorer-version-cell">v{scorer.latest.version}</span>,
  },
  {
    key: "description",
    header: "Description",
    render: (scorer) => (
      <span className="cell-clamp">{scorer.description || <span className="muted">—</span>}</span>
    ),
  },
  {
    key: "updated",
    header: "Updated",
    width: "120px",
    render: (scorer) => (
      <time className="nowrap" dateTime={scorer.updatedAt} title={formatDateTime(scorer.updatedAt)}>
        {formatRelative(scorer.updatedAt)}
      </time>
    ),
  },
];

/** The project's scorers (rules, built-in and custom LLM judges), the built-in judges to start from, and the rule kinds. */
export function ScorersPage() {
  const project = useProject();
  const { role } = useSignedIn();
  const [archived, setArchived] = useState(false);
  const [state, reload] = useResource(`scorers:${project.id}:${archived}`, (signal) =>
    listScorers(project.id, archived, { signal }),
  );
  const newButton = can.editScorers(role) ? (
    <LinkButton
      href={scorerPath(project.id, NEW_SCORER)}
      variant="primary"
      size="sm"
      icon={IconPlus}
      data-testid="new-scorer"
    >
      New scorer
    </LinkButton>
  ) : undefined;
  const empty = state.status === "ready" && state.data.length === 0;

  return (
    <div className="page">
      <PageHeader
        title="Scorers"
        description="Rules, built-in and custom LLM judges that turn a trace into feedback. Each change saves a new, immutable version."
        actions={
          <div className="scorers-actions">
            <Checkbox
              checked={archived}
              onChange={setArchived}
              label="Include archived"
              data-testid="scorers-archived"
            />
            {!empty && newButton}
          </div>
        }
      />
      {!(state.status === "ready" && !empty) && (
        <div className="panel">
          {state.status === "error" && <LoadFailed what="scorers" error={state.error} onRetry={reload} />}
          {(state.status === "loading" || state.status === "idle") && (
            <LoadingRows label="Loading scorers…" block="settings-loading" />
          )}
          {empty && (
            <div data-testid="scorers-empty">
              <EmptyState
                icon={IconRanking}
                title={archived ? "No scorers" : "No scorers yet"}
                description={
                  <>
                    A scorer reads a trace's inputs, outputs and expectations and answers feedback. Rules
                    check things like keywords, JSON or length and need no model. LLM judges, built-in (pick
                    one below and “Use this judge”) or custom with your instructions, call a model through a
                    provider from Settings → Judge providers, as in <code>openai:/gpt-4o-mini</code>.
                  </>
                }
                actions={newButton}
              />
            </div>
          )}
        </div>
      )}
      {state.status === "ready" && !empty && (
        <Card flush data-testid="scorers-table">
          <Table
            caption="Scorers"
            columns={COLUMNS}
            rows={state.data}
            rowKey={(scorer) => scorer.id}
            onRowClick={(scorer) => navigate(scorerPath(project.id, scorer.id))}
          />
        </Card>
      )}
      <JudgeCatalog projectId={project.id} canCreate={can.editScorers(role)} />
      <RuleCatalog />
    </div>
  );
}
