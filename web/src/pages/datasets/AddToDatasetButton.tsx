import { useState } from "preact/hooks";
import type { TraceQuery } from "../../api/traceTypes";
import { Button } from "../../ui/Button";
import { IconDatasets } from "../../ui/icons";
import { AddToDatasetDialog } from "./AddToDatasetDialog";

export interface AddToDatasetButtonProps {
  projectId: string;
  traceIds: readonly string[];
  /** The trace list's query, to offer "all matching the filter". */
  filter?: TraceQuery;
  size?: "sm" | "md";
}

/** "Add to dataset" and its dialog, for the traces list (selected rows or the filter) and a trace's page. */
export function AddToDatasetButton({ projectId, traceIds, filter, size = "sm" }: AddToDatasetButtonProps) {
  const [open, setOpen] = useState(false);
  const label = filter && traceIds.length > 0 ? `Add ${traceIds.length} to dataset` : "Add to dataset";
  return (
    <>
      <Button
        size={size}
        icon={IconDatasets}
        onClick={() => setOpen(true)}
        data-testid="add-to-dataset-button"
      >
        {label}
      </Button>
      {open && (
        <AddToDatasetDialog
          open
          onClose={() => setOpen(false)}
          projectId={projectId}
          traceIds={traceIds}
          filter={filter}
        />
      )}
    </>
  );
}
