import { LABELING, TRACES } from "../app/sections";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";

export function LabelingPage() {
  return (
    <div className="page">
      <PageHeader
        title={LABELING.label}
        description="Human review queues for traces and evaluation results."
      />
      <div className="panel">
        <EmptyState
          icon={LABELING.icon}
          title="Nothing to review"
          description="Add traces to a labeling queue to collect ratings, scores and corrected outputs from domain experts. Labels become dataset examples and help calibrate your LLM judges."
          actions={
            <LinkButton href={TRACES.href} variant="primary" icon={TRACES.icon}>
              Browse traces
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
