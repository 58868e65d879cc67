import { SystemStatusCard } from "../app/health/SystemStatusCard";
import { SECTION, type Section, sectionHref } from "../app/sections";
import { useProject } from "../auth/SessionProvider";
import { Link } from "../router";
import { Card } from "../ui/Card";
import { IconChevronRight } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";
import { SummaryCard } from "./dashboards/SummaryCard";

interface Step {
  section: Section;
  title: string;
  description: string;
}

const STEPS: readonly Step[] = [
  {
    section: SECTION.traces,
    title: "Send your first trace",
    description: "Point the SDK or an OpenTelemetry exporter at /v1/traces.",
  },
  {
    section: SECTION.datasets,
    title: "Build a dataset",
    description: "Collect representative inputs and expected outputs.",
  },
  {
    section: SECTION.evaluations,
    title: "Run an evaluation",
    description: "Score outputs with LLM judges and code scorers.",
  },
  {
    section: SECTION.monitors,
    title: "Monitor production",
    description: "Alert when latency, cost or quality drifts.",
  },
];

function GettingStarted() {
  const project = useProject();
  return (
    <Card title="Get started" description="Four steps from first trace to production monitoring." flush>
      <ol className="steps">
        {STEPS.map((step, index) => {
          const Icon = step.section.icon;
          return (
            <li key={step.section.key}>
              <Link href={sectionHref(step.section, project.id)} className="step">
                <span className="step__index num" aria-hidden="true">
                  {index + 1}
                </span>
                <Icon size={16} className="step__icon" />
                <span className="step__text">
                  <span className="step__title">{step.title}</span>
                  <span className="step__description">{step.description}</span>
                </span>
                <IconChevronRight size={16} className="step__chevron" />
              </Link>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

export function OverviewPage() {
  return (
    <div className="page">
      <PageHeader
        title="Overview"
        description="Your project's traffic at a glance, the health of this deployment, and where to start."
      />
      <SummaryCard />
      <SystemStatusCard />
      <GettingStarted />
    </div>
  );
}
