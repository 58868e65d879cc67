import { SECTION, sectionHref } from "../app/sections";
import { useProject } from "../auth/SessionProvider";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";

export function DatasetsPage() {
  const project = useProject();
  return (
    <div className="page">
      <PageHeader
        title={SECTION.datasets.label}
        description="Versioned collections of inputs and expected outputs to evaluate against."
      />
      <div className="panel">
        <EmptyState
          icon={SECTION.datasets.icon}
          title="No datasets yet"
          description="A dataset is a set of examples — an input, and optionally the expected output — that your evaluations run on. Build one from interesting production traces, import a CSV or JSONL file, or create it from code."
          actions={
            <LinkButton
              href={sectionHref(SECTION.traces, project.id)}
              variant="primary"
              icon={SECTION.traces.icon}
            >
              Pick examples from traces
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
