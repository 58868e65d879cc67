import { useState } from "preact/hooks";
import { ApiError, toApiError } from "../../api/errors";
import { deletePrompt, getPrompt, listPromptVersions, type Prompt, updatePrompt } from "../../api/prompts";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { SECTION } from "../../app/sections";
import { can } from "../../auth/permissions";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { navigate, type RouteProps } from "../../router";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { IconTrash } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";
import { Segmented } from "../../ui/Segmented";
import { TypeToConfirmDialog } from "../../ui/TypeToConfirmDialog";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { PageLoading } from "../common/PageLoading";
import { intParam, useQueryParams } from "../datasets/useQueryParams";
import { PageMessage } from "../evaluations/PageMessage";
import { AliasChips } from "./AliasChips";
import { AliasesView } from "./AliasesView";
import { CompareView } from "./CompareView";
import { EditorView } from "./EditorView";
import { promptsPath } from "./paths";
import { VersionsView } from "./VersionsView";

const VIEWS = ["versions", "compare", "aliases", "edit"] as const;
type View = (typeof VIEWS)[number];

/** One prompt: its versions (each with try-it and linked traces), a diff of any two, aliases, the editor. */
export function PromptPage({ params }: RouteProps) {
  const project = useProject();
  const name = params.promptName ?? "";
  const [state, reload] = useResource(`prompt:${project.id}:${name}`, (signal) =>
    getPrompt(project.id, name, { signal }),
  );
  if (state.status === "error" && state.error.status === 404)
    return (
      <PageMessage
        title="Prompt not found"
        heading="There's no such prompt in this project"
        description="It may have been deleted, or belong to another project."
        action={{ href: promptsPath(project.id), label: "All prompts" }}
        testId="prompt-not-found"
        icon={SECTION.prompts.icon}
      />
    );
  if (state.status === "error")
    return (
      <div className="page">
        <PageHeader title="Prompt" />
        <LoadFailed what="the prompt" error={state.error} onRetry={reload} />
      </div>
    );
  if (state.status !== "ready") return <PageLoading label="Loading the prompt…" />;
  return <Loaded projectId={project.id} prompt={state.data} reload={reload} />;
}

function Loaded({ projectId, prompt, reload }: { projectId: string; prompt: Prompt; reload: () => void }) {
  const { role } = useSignedIn();
  const canEdit = can.editPrompts(role);
  const { params, set } = useQueryParams();
  const view: View = VIEWS.find((v) => v === params.get("view")) ?? "versions";
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  // Reloaded (not re-keyed) after a change, so the list stays on screen while it refreshes.
  const [versions, reloadVersions] = useResource(`prompt-versions:${prompt.id}`, (signal) =>
    listPromptVersions(projectId, prompt.name, { signal }),
  );
  const changed = () => {
    reload();
    reloadVersions();
  };
  const archive = async () => {
    try {
      await updatePrompt(projectId, prompt.name, { archived: !prompt.archived });
      toast.success(prompt.archived ? `Unarchived ${prompt.name}` : `Archived ${prompt.name}`);
      reload();
    } catch (error) {
      toast.error("Couldn't change the prompt", { description: toApiError(error).message });
    }
  };

  return (
    <div className="page page--wide" data-testid="prompt-page">
      <PageHeader
        title={prompt.name}
        description={
          <span className="stack">
            {prompt.description && <span data-testid="prompt-description">{prompt.description}</span>}
            <span className="ds-facts">
              <Badge tone="accent">Latest v{prompt.latestVersion}</Badge>
              {prompt.archived && <Badge tone="warning">Archived</Badge>}
              {prompt.aliases.length > 0 && <AliasChips aliases={prompt.aliases} />}
              {prompt.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
              <span title={formatDateTime(prompt.updatedAt)}>Updated {formatRelative(prompt.updatedAt)}</span>
              <span>
                {prompt.lastUsedAt
                  ? `Last used by a trace ${formatRelative(prompt.lastUsedAt)}`
                  : "No traces yet"}
              </span>
            </span>
          </span>
        }
        actions={
          canEdit && (
            <div className="ds-actions">
              <Button size="sm" onClick={() => void archive()} data-testid="archive-prompt">
                {prompt.archived ? "Unarchive" : "Archive"}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                icon={IconTrash}
                aria-label="Delete prompt"
                title="Delete prompt"
                onClick={() => {
                  setDeleteError(null);
                  setDeleting(true);
                }}
                data-testid="delete-prompt"
              />
            </div>
          )
        }
      />
      {deleteError && (
        <div data-testid="delete-refused">
          <Alert tone="danger" title="The prompt was not deleted">
            {deleteError}
          </Alert>
        </div>
      )}
      <div className="ds-body">
        <div className="ds-viewbar">
          <Segmented
            label="Show"
            options={[
              { value: "versions", label: `Versions (${prompt.latestVersion})` },
              { value: "compare", label: "Compare" },
              { value: "aliases", label: "Aliases" },
              ...(canEdit ? [{ value: "edit" as const, label: "Edit" }] : []),
            ]}
            value={view}
            onChange={(next) => set({ view: next === "versions" ? null : next, version: null })}
            data-testid="prompt-view"
          />
        </div>
        {versions.status === "error" ? (
          <LoadFailed what="the versions" error={versions.error} onRetry={reloadVersions} />
        ) : versions.status !== "ready" ? (
          <PageLoading label="Loading the versions…" />
        ) : view === "versions" ? (
          <VersionsView
            projectId={projectId}
            prompt={prompt}
            versions={versions.data}
            selected={intParam(params, "version", 1) ?? prompt.latestVersion}
            onSelect={(version) => set({ version }, { replace: true })}
          />
        ) : view === "compare" ? (
          <CompareView
            versions={versions.data}
            from={intParam(params, "from", 1)}
            to={intParam(params, "to", 1)}
            onPick={(from, to) => set({ from, to }, { replace: true })}
          />
        ) : view === "aliases" ? (
          <AliasesView projectId={projectId} prompt={prompt} versions={versions.data} onChanged={changed} />
        ) : (
          <EditorView
            projectId={projectId}
            prompt={prompt}
            latest={versions.data[0] ?? null}
            onSaved={(version) => {
              changed();
              set({ view: null, version: version.version });
            }}
          />
        )}
      </div>
      <TypeToConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title="Delete this prompt?"
        description="Its versions, alias history and trace links go with it, and apps fetching it get a 404. A prompt an alias points at cannot be deleted: remove its aliases first."
        expected={prompt.name}
        confirmLabel="Delete prompt"
        onConfirm={async () => {
          try {
            await deletePrompt(projectId, prompt.name);
          } catch (error) {
            if (error instanceof ApiError && error.status === 409) {
              setDeleteError(error.message);
              setDeleting(false);
              return;
            }
            throw error;
          }
          toast.success(`Deleted ${prompt.name}`);
          navigate(promptsPath(projectId));
        }}
        data-testid="delete-prompt-dialog"
      />
    </div>
  );
}
