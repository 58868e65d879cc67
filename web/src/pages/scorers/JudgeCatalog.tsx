import type { ScorerKinds } from "../../api/scorers";
import { withQuery } from "../../router/paths";
import { LinkButton } from "../../ui/Button";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { type BuiltinJudgeInfo, builtinInfo } from "./builtinJudges";
import { NeedBadges } from "./NeedBadges";
import { NEW_SCORER, scorerPath } from "./paths";
import { useScorerKinds } from "./useScorerKinds";

const GROUPS: { scope: BuiltinJudgeInfo["scope"]; title: string }[] = [
  { scope: "trace", title: "On a trace or record" },
  { scope: "session", title: "On a session: its turns in order" },
];

const OPTION_NOTE: Record<NonNullable<BuiltinJudgeInfo["option"]>, string> = {
  guidelines: "You give it the guidelines: one scorer per set, under a name of yours.",
  exact: "Can compare with expected_tool_calls without a model (exact).",
};

interface JudgeCardProps {
  entry: ScorerKinds["judges"][number];
  projectId: string;
  canCreate: boolean;
}

function JudgeCard({ entry, projectId, canCreate }: JudgeCardProps) {
  const info = builtinInfo(entry.judge);
  const href = withQuery(scorerPath(projectId, NEW_SCORER), new URLSearchParams({ judge: entry.judge }));
  return (
    <li className="catalog__item" data-testid="builtin-judge-card" data-judge={entry.judge}>
      <span className="catalog__name">
        {info.label} <code>{entry.judge}</code>
      </span>
      <span className="muted">{entry.description}</span>
      {info.option && <span className="catalog__note">{OPTION_NOTE[info.option]}</span>}
      <NeedBadges needs={info.needs} />
      {canCreate && (
        <LinkButton href={href} size="sm" className="catalog__action" data-testid="use-judge">
          Use this judge
        </LinkButton>
      )}
    </li>
  );
}

/**
 * The built-in LLM judges as the server lists them, by what they score, each with what it needs
 * and, for those who may edit scorers, "Use this judge": the editor of a new scorer started from it.
 */
export function JudgeCatalog({ projectId, canCreate }: { projectId: string; canCreate: boolean }) {
  const [kinds, reload] = useScorerKinds(projectId);
  return (
    <section className="catalog" aria-labelledby="judge-catalog-title" data-testid="judge-catalog">
      <h2 id="judge-catalog-title" className="catalog__title">
        Built-in LLM judges
      </h2>
      <p className="muted catalog__intro">
        Ready-made questions, each answered with a rationale by a model from your judge providers. What a
        judge needs is checked before any call: when something is missing it answers MISSING_FIELD and costs
        nothing.
        {canCreate && " “Use this judge” registers one as a scorer with your model and its options."}
      </p>
      {kinds.status === "error" && (
        <LoadFailed what="the built-in judges" error={kinds.error} onRetry={reload} />
      )}
      {(kinds.status === "loading" || kinds.status === "idle") && (
        <LoadingRows label="Loading the built-in judges…" block="settings-loading" rows={2} />
      )}
      {kinds.status === "ready" &&
        GROUPS.map(({ scope, title }) => {
          const judges = kinds.data.judges.filter((entry) => builtinInfo(entry.judge).scope === scope);
          return (
            judges.length > 0 && (
              <div key={scope} className="catalog__group">
                <h3 className="catalog__subtitle">{title}</h3>
                <ul className="catalog__list">
                  {judges.map((entry) => (
                    <JudgeCard key={entry.judge} entry={entry} projectId={projectId} canCreate={canCreate} />
                  ))}
                </ul>
              </div>
            )
          );
        })}
    </section>
  );
}
