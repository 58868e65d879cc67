import { SECTION } from "../app/sections";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { IconKey } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";
import { settingsPath } from "./settings/tabs";

export function PromptsPage() {
  return (
    <div className="page">
      <PageHeader
        title={SECTION.prompts.label}
        description="A registry of versioned prompt templates, linked to the traces and evaluations that used them."
      />
      <div className="panel">
        <EmptyState
          icon={SECTION.prompts.icon}
          title="No prompts registered yet"
          description="Register prompt templates from your code or the API. Each change becomes a new immutable version you can compare, evaluate, and promote with an alias such as production — and every trace records the version it used."
          actions={
            <LinkButton href={settingsPath("api-keys")} variant="primary" icon={IconKey}>
              Create an API key
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
