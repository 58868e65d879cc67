import { useState } from "preact/hooks";
import { getScorer, listScorerVersions, type Scorer, updateScorer } from "../../api/scorers";
import { useResource } from "../../api/useResource";
import { notifyError } from "../../app/notify";
import { can } from "../../auth/permissions";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { navigate, type RouteProps, useLocation } from "../../router";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { PageHeader } from "../../ui/PageHeader";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { PageLoading } from "../common/PageLoading";
import { withBuiltinJudge } from "./builtinDraft";
import { BUILTIN_JUDGE_INFO, isBuiltinJudge } from "./builtinJudges";
import { draftOf, EMPTY_DRAFT, type ScorerDraft } from "./draft";
import { KindBadge } from "./KindBadge";
import { Playground } from "./Playground";
import { NEW_SCORER, scorerPath } from "./paths";
import { ScorerEditor } from "./ScorerEditor";
import { VersionHistory } from "./VersionHistory";

/** A scorer's editor, playground and versions; "new" is the editor of a new one. */
export function ScorerPage({ params }: RouteProps) {
  const scorerId = params.scorerId ?? NEW_SCORER;
  return scorerId === NEW_SCORER ? <NewScorer /> : <ExistingScorer key={scorerId} scorerId={scorerId} />;
}

/** `?judge=guidelines` (a built-in's "Use this judge") starts the editor from that judge, named after it. */
function NewScorer() {
  const project = useProject();
  const { role } = useSignedIn();
  const judge = new URLSearchParams(useLocation().search).get("judge");
  const preset = isBuiltinJudge(judge) ? judge : null;
  const [draft, setDraft] = useState<ScorerDraft>(() =>
    preset ? withBuiltinJudge(EMPTY_DRAFT, preset) : EMPTY_DRAFT,
  );
  return (
    <div className="page scorer-page">
      <PageHeader
        title={
          draft.type === "builtin" ? `New ${BUILTIN_JUDGE_INFO[draft.judge].label} scorer` : "New scorer"
        }
        description={
          preset
            ? "A built-in judge registered under a name of yours, with its model and options; each save is a version."
            : "A built-in judge with your model and options, a custom LLM judge with your instructions, or a rule."
        }
      />
      <div className="scorer-page__grid">
        <Card title="Definition">
          <ScorerEditor
            projectId={project.id}
            scorer={null}
            draft={draft}
            setDraft={setDraft}
            initialName={preset ?? ""}
            readOnly={!can.editScorers(role)}
            onSaved={(scorer) => {
              toast.success(`Created ${scorer.name}`);
              navigate(scorerPath(project.id, scorer.id));
            }}
          />
        </Card>
        <Playground projectId={project.id} scorer={null} versions={[]} draft={draft} />
      </div>
    </div>
  );
}

function ExistingScorer({ scorerId }: { scorerId: string }) {
  const project = useProject();
  const { role } = useSignedIn();
  const [state, reload] = useResource(`scorer:${project.id}:${scorerId}`, async (signal) => {
    const [scorer, versions] = await Promise.all([
      getScorer(project.id, scorerId, { signal }),
      listScorerVersions(project.id, scorerId, { signal }),
    ]);
    return { scorer, versions };
  });
  if (state.status === "error") return <LoadFailed what="the scorer" error={state.error} onRetry={reload} />;
  if (state.status !== "ready") return <PageLoading label="Loading the scorer…" />;
  const { scorer, versions } = state.data;
  return (
    <Loaded
      // A new version starts the editor from it.
      key={scorer.latest.id}
      scorer={scorer}
      versions={versions}
      reload={reload}
      editable={can.editScorers(role)}
      projectId={project.id}
    />
  );
}

interface LoadedProps {
  projectId: string;
  scorer: Scorer;
  versions: Parameters<typeof VersionHistory>[0]["versions"];
  reload: () => void;
  editable: boolean;
}

function Loaded({ projectId, scorer, versions, reload, editable }: LoadedProps) {
  const [draft, setDraft] = useState<ScorerDraft>(() => draftOf(scorer.latest.definition));
  const [archiving, setArchiving] = useState(false);

  const toggleArchive = async () => {
    setArchiving(true);
    try {
      await updateScorer(projectId, scorer.id, { archived: !scorer.archived });
      toast.success(scorer.archived ? `Restored ${scorer.name}` : `Archived ${scorer.name}`);
      reload();
    } catch (error) {
      notifyError("Couldn't change the scorer", error);
    } finally {
      setArchiving(false);
    }
  };

  return (
    <div className="page scorer-page" data-testid="scorer-page">
      <PageHeader
        title={scorer.name}
        description={
          <span className="badge-list">
            <KindBadge definition={scorer.latest.definition} />
            <span data-testid="scorer-latest-version">Version {scorer.latest.version}</span>
            {scorer.archived && <Badge tone="warning">Archived: its versions still run</Badge>}
          </span>
        }
        actions={
          editable && (
            <Button
              size="sm"
              loading={archiving}
              onClick={() => void toggleArchive()}
              data-testid="archive-scorer"
            >
              {scorer.archived ? "Restore" : "Archive"}
            </Button>
          )
        }
      />
      <div className="scorer-page__grid">
        <Card title="Definition">
          <ScorerEditor
            projectId={projectId}
            scorer={scorer}
            draft={draft}
            setDraft={setDraft}
            readOnly={!editable}
            onSaved={(saved, what) => {
              toast.success(
                what === "version" ? `Saved version ${scorer.latest.version + 1}` : `Saved ${saved.name}`,
              );
              reload();
            }}
          />
        </Card>
        <Playground projectId={projectId} scorer={scorer} versions={versions} draft={draft} />
      </div>
      <VersionHistory versions={versions} />
    </div>
  );
}
