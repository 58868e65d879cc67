import { useState } from "preact/hooks";
import { CreateOrganizationDialog } from "../../app/account/CreateOrganizationDialog";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { IconBuilding, IconPlus } from "../../ui/icons";

/** For a user who belongs to no organization (e.g. after leaving the last one). */
export function NoOrganization({ title }: { title: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Card title={title}>
      <EmptyState
        headingLevel={3}
        icon={IconBuilding}
        title="You're not in any organization"
        description="Create an organization to start a workspace of your own, or ask a teammate for an invitation link."
        actions={
          <Button variant="primary" icon={IconPlus} onClick={() => setOpen(true)}>
            Create organization
          </Button>
        }
      />
      <CreateOrganizationDialog open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}
