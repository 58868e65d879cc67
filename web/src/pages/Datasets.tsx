import { DATASETS, TRACES } from "../app/sections";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";

export function DatasetsPage() {
  return (
    <div className="page">
      <PageHeader
        title={DATASETS.label}
        description="Versioned collections of inputs and expected outputs to evaluate against."
      />
      <div className="panel">
        <EmptyState
          icon={DATASETS.icon}
          title="No datasets yet"
          description="A dataset is a set of examples — an input, and optionally the expected output — that your evaluations run on. Build one from interesting production traces, import a CSV or JSONL file, or create it from code."
          actions={
            <LinkButton href={TRACES.href} variant="primary" icon={TRACES.icon}>
              Pick examples from traces
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
