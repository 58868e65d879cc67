import { useState } from "preact/hooks";
import { listPrompts, type Prompt, type PromptSearchBy } from "../../api/prompts";
import { useCursorPages } from "../../api/useCursorPages";
import { formatDateTime, formatRelative } from "../../app/format";
import { SECTION } from "../../app/sections";
import { can } from "../../auth/permissions";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { Link, navigate, useLocation } from "../../router";
import { withQuery } from "../../router/paths";
import { Badge } from "../../ui/Badge";
import { Button, LinkButton } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { CodeBlock } from "../../ui/CodeBlock";
import { EmptyState } from "../../ui/EmptyState";
import { IconPlus } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";
import { Segmented } from "../../ui/Segmented";
import { type Column, Table } from "../../ui/Table";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { TextFilter } from "../traces/TextFilter";
import { AliasChips } from "./AliasChips";
import { PromptDialog } from "./PromptDialog";
import { promptPath } from "./paths";

const SDK_SNIPPET = `import { init, prompts } from "@sightline/sdk";

init({ apiKey: process.env.SIGHTLINE_API_KEY ?? "" });
// Cached in your app; a move of production is picked up within a minute, without a deploy.
const prompt = await prompts.get("prompts:/support-answer@production");
const messages = prompt.toMessages({ question }); // links this version to the current trace`;

const SEARCH_BY: { value: PromptSearchBy; label: string; placeholder: string }[] = [
  { value: "search", label: "Name", placeholder: "Search by name" },
  { value: "tag", label: "Tag", placeholder: "Prompts with this tag" },
  { value: "text", label: "Text", placeholder: "Text in the latest version" },
];

const when = (iso: string | null, never: string) =>
  iso ? (
    <time className="nowrap" dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  ) : (
    <span className="muted">{never}</span>
  );

const columns = (projectId: string): Column<Prompt>[] => [
  {
    key: "name",
    header: "Name",
    render: (prompt) => (
      <span className="stack">
        <span>
          <Link
            href={promptPath(projectId, prompt.name)}
            className="cell-title__text"
            data-testid="prompt-link"
          >
            {prompt.name}
          </Link>{" "}
          {prompt.archived && <Badge>Archived</Badge>}
        </span>
        {prompt.description && <span className="stack__meta cell-clamp">{prompt.description}</span>}
      </span>
    ),
  },
  {
    key: "version",
    header: "Latest",
    numeric: true,
    width: "80px",
    render: (prompt) => <span data-testid="prompt-latest">v{prompt.latestVersion}</span>,
  },
  {
    key: "aliases",
    header: "Aliases",
    render: (prompt) => <AliasChips aliases={prompt.aliases} />,
  },
  {
    key: "tags",
    header: "Tags",
    render: (prompt) =>
      prompt.tags.length === 0 ? (
        <span className="muted">—</span>
      ) : (
        <span className="pr-chips">
          {prompt.tags.map((tag) => (
            <Badge key={tag}>{tag}</Badge>
          ))}
        </span>
      ),
  },
  { key: "used", header: "Last used", width: "130px", render: (prompt) => when(prompt.lastUsedAt, "Never") },
  { key: "updated", header: "Updated", width: "130px", render: (prompt) => when(prompt.updatedAt, "—") },
];

function NoPromptsYet({ onCreate, archivedHref }: { onCreate: (() => void) | null; archivedHref: string }) {
  return (
    <EmptyState
      icon={SECTION.prompts.icon}
      title="No prompts yet"
      description={
        <>
          The registry keeps each prompt as <strong>immutable versions</strong> (a text or chat template with{" "}
          <code>{"{{ variables }}"}</code>, a model config, a response format). Your app fetches one by an{" "}
          <strong>alias</strong> such as <code>production</code>, so moving the alias changes what it serves
          without a deploy — and every trace that rendered a version is linked to it.
        </>
      }
      actions={
        <>
          {onCreate && (
            <Button variant="primary" icon={IconPlus} onClick={onCreate} data-testid="new-prompt">
              New prompt
            </Button>
          )}
          <LinkButton href={archivedHref} data-testid="show-archived">
            Show archived prompts
          </LinkButton>
        </>
      }
    >
      <div className="ds-snippets">
        <CodeBlock label="In your app: the TypeScript SDK" code={SDK_SNIPPET} wrap />
      </div>
    </EmptyState>
  );
}

/** The project's prompts by name, searchable by name, tag or text, archived ones on demand. */
export function PromptsPage() {
  const project = useProject();
  const { role } = useSignedIn();
  const { pathname, search: query } = useLocation();
  const params = new URLSearchParams(query);
  const by = (SEARCH_BY.find((option) => params.has(option.value))?.value ?? "search") as PromptSearchBy;
  const term = params.get(by) ?? "";
  const archived = params.get("archived") === "true";
  const [creating, setCreating] = useState(false);
  const [searchBy, setSearchBy] = useState<PromptSearchBy>(by);
  const { pages, loadMore, reload } = useCursorPages<Prompt>({
    key: `${project.id}\u0000${by}\u0000${term}\u0000${archived}`,
    what: "prompts",
    idOf: (prompt) => prompt.id,
    fetchPage: async (cursor, signal) => {
      const page = await listPrompts(project.id, { [by]: term || undefined, archived, cursor }, { signal });
      return { items: page.prompts, nextCursor: page.nextCursor };
    },
  });
  const open = can.editPrompts(role) ? () => setCreating(true) : null;
  const filtered = Boolean(term) || archived;
  const empty = pages.status === "ready" && pages.items.length === 0;
  const go = (next: { by?: PromptSearchBy; term?: string; archived?: boolean }, replace = false) => {
    const q = new URLSearchParams();
    const t = (next.term ?? term).trim();
    if (t) q.set(next.by ?? searchBy, t);
    if (next.archived ?? archived) q.set("archived", "true");
    navigate(withQuery(pathname, q), { replace });
  };

  return (
    <div className="page">
      <PageHeader
        title={SECTION.prompts.label}
        description="Versioned prompt templates your apps fetch by alias, linked to the traces that used them."
        actions={
          open &&
          !(empty && !filtered) && (
            <Button variant="primary" size="sm" icon={IconPlus} onClick={open} data-testid="new-prompt">
              New prompt
            </Button>
          )
        }
      />
      {empty && !filtered ? (
        <div className="panel" data-testid="prompts-empty">
          <NoPromptsYet
            onCreate={open}
            archivedHref={withQuery(pathname, new URLSearchParams({ archived: "true" }))}
          />
        </div>
      ) : (
        <Card flush data-testid="prompts">
          <div className="filter-bar">
            <div className="filter-bar__row">
              <Segmented
                label="Search by"
                size="sm"
                options={SEARCH_BY}
                value={searchBy}
                onChange={(next) => {
                  setSearchBy(next);
                  if (term) go({ by: next }, true);
                }}
                data-testid="prompts-search-by"
              />
              <div className="pr-search">
                <TextFilter
                  type="search"
                  label="Search prompts"
                  placeholder={SEARCH_BY.find((option) => option.value === searchBy)?.placeholder ?? ""}
                  value={term}
                  debounceMs={300}
                  onCommit={(value, how) => go({ term: value }, how === "refine")}
                  data-testid="prompts-search"
                />
              </div>
              <label className="pr-check">
                <input
                  type="checkbox"
                  checked={archived}
                  onChange={(event) => go({ archived: event.currentTarget.checked })}
                  data-testid="prompts-archived"
                />{" "}
                Include archived
              </label>
            </div>
          </div>
          {pages.status === "loading" && <LoadingRows label="Loading prompts…" block="settings-loading" />}
          {pages.status === "error" && (
            <div className="settings-pad">
              <LoadFailed what="prompts" error={pages.error} onRetry={reload} />
            </div>
          )}
          {pages.status === "ready" && (
            <>
              <Table
                caption="Prompts"
                columns={columns(project.id)}
                rows={pages.items}
                rowKey={(prompt) => prompt.id}
                onRowClick={(prompt) => navigate(promptPath(project.id, prompt.name))}
                empty={<span data-testid="prompts-no-match">No prompt matches “{term}”.</span>}
              />
              {pages.nextCursor && (
                <div className="load-more">
                  <Button onClick={() => void loadMore()} loading={pages.loadingMore}>
                    Load more
                  </Button>
                </div>
              )}
            </>
          )}
        </Card>
      )}
      <PromptDialog
        open={creating}
        onClose={() => setCreating(false)}
        projectId={project.id}
        onCreated={(prompt) => navigate(promptPath(project.id, prompt.name))}
      />
    </div>
  );
}
