import { SECTION, sectionHref } from "../app/sections";
import { useProject } from "../auth/SessionProvider";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";

export function EvaluationsPage() {
  const project = useProject();
  return (
    <div className="page">
      <PageHeader
        title={SECTION.evaluations.label}
        description="Score your application on a dataset with LLM judges, code scorers and human labels."
      />
      <div className="panel">
        <EmptyState
          icon={SECTION.evaluations.icon}
          title="No evaluation runs yet"
          description="An evaluation runs your application over a dataset and scores every output. Compare runs side by side to see whether a new prompt, model or retrieval setup is better — and catch regressions before they ship."
          actions={
            <LinkButton
              href={sectionHref(SECTION.datasets, project.id)}
              variant="primary"
              icon={SECTION.datasets.icon}
            >
              Create a dataset first
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
