import { SECTION, sectionHref } from "../app/sections";
import { useProject } from "../auth/SessionProvider";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";

export function LabelingPage() {
  const project = useProject();
  return (
    <div className="page">
      <PageHeader
        title={SECTION.labeling.label}
        description="Human review queues for traces and evaluation results."
      />
      <div className="panel">
        <EmptyState
          icon={SECTION.labeling.icon}
          title="Nothing to review"
          description="Add traces to a labeling queue to collect ratings, scores and corrected outputs from domain experts. Labels become dataset examples and help calibrate your LLM judges."
          actions={
            <LinkButton
              href={sectionHref(SECTION.traces, project.id)}
              variant="primary"
              icon={SECTION.traces.icon}
            >
              Browse traces
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
