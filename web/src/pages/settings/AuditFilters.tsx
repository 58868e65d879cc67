import { useEffect, useState } from "preact/hooks";
import type { Member, Project } from "../../api/types";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { AUDIT_ACTIONS } from "./auditActions";

export interface AuditFilterValues {
  action: string;
  actorId: string;
  projectId: string;
  /** YYYY-MM-DD, local days. */
  since: string;
  until: string;
}

export const NO_FILTERS: AuditFilterValues = { action: "", actorId: "", projectId: "", since: "", until: "" };

export function hasFilters(values: AuditFilterValues): boolean {
  return Object.values(values).some((value) => value !== "");
}

/** Filter bar of the audit log; applies on submit. */
export function AuditFilters({
  applied,
  onApply,
  members,
  projects,
}: {
  applied: AuditFilterValues;
  onApply: (values: AuditFilterValues) => void;
  members: readonly Member[];
  projects: readonly Project[];
}) {
  const [draft, setDraft] = useState<AuditFilterValues>(applied);
  useEffect(() => setDraft(applied), [applied]);

  const set = (field: keyof AuditFilterValues) => (event: { currentTarget: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.currentTarget.value }));

  const invalidRange = draft.since !== "" && draft.until !== "" && draft.since > draft.until;

  return (
    <form
      className="filters"
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalidRange) onApply(draft);
      }}
      aria-label="Filter the audit log"
      data-testid="audit-filters"
    >
      <Field label="Action" className="filters__field">
        <Select
          size="sm"
          value={draft.action}
          onChange={set("action")}
          options={[{ value: "", label: "Any action" }, ...AUDIT_ACTIONS]}
          data-testid="audit-action"
        />
      </Field>
      <Field label="Actor" className="filters__field">
        <Select
          size="sm"
          value={draft.actorId}
          onChange={set("actorId")}
          options={[
            { value: "", label: "Anyone" },
            ...members.map((member) => ({ value: member.userId, label: member.name || member.email })),
          ]}
          data-testid="audit-actor"
        />
      </Field>
      <Field label="Project" className="filters__field">
        <Select
          size="sm"
          value={draft.projectId}
          onChange={set("projectId")}
          options={[
            { value: "", label: "All projects" },
            ...projects.map((project) => ({ value: project.id, label: project.name })),
          ]}
          data-testid="audit-project"
        />
      </Field>
      <Field label="Since" className="filters__field">
        <Input
          type="date"
          size="sm"
          value={draft.since}
          max={draft.until || undefined}
          onInput={set("since")}
          data-testid="audit-since"
        />
      </Field>
      <Field label="Until" error={invalidRange ? "Before “since”." : undefined} className="filters__field">
        <Input
          type="date"
          size="sm"
          value={draft.until}
          min={draft.since || undefined}
          onInput={set("until")}
          data-testid="audit-until"
        />
      </Field>
      <div className="filters__actions">
        <Button type="submit" size="sm" variant="primary" data-testid="audit-apply">
          Apply
        </Button>
        {(hasFilters(draft) || hasFilters(applied)) && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setDraft(NO_FILTERS);
              onApply(NO_FILTERS);
            }}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
