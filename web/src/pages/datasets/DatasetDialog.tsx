import { useEffect, useId, useState } from "preact/hooks";
import { createDataset, type Dataset, updateDataset } from "../../api/datasets";
import { nameTaken, useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Textarea } from "../../ui/Input";

type DatasetField = "name" | "description";
const FIELDS: readonly DatasetField[] = ["name", "description"];

export interface DatasetDialogProps {
  open: boolean;
  onClose: () => void;
  projectId: string;
  /** Rename or describe this dataset instead of creating one. */
  dataset?: Dataset | null;
  /** After a successful save, with the saved dataset (the dialog closes itself). */
  onSaved: (dataset: Dataset) => void;
}

/** Create a dataset, or rename and describe one (which is not a version). */
export function DatasetDialog({ open, onClose, projectId, dataset, onSaved }: DatasetDialogProps) {
  const formId = useId();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const { busy, errors, formError, run, reset } = useFormSubmit({
    fields: FIELDS,
    onError: nameTaken,
  });

  useEffect(() => {
    if (!open) return;
    setName(dataset?.name ?? "");
    setDescription(dataset?.description ?? "");
    reset();
  }, [open, dataset, reset]);

  const submit = (event: Event) => {
    event.preventDefault();
    const validation = name.trim() ? {} : { name: "Give the dataset a name." };
    void run(validation, async () => {
      const input = { name: name.trim(), description: description.trim() };
      const saved = dataset
        ? await updateDataset(projectId, dataset.id, input)
        : await createDataset(projectId, input);
      onSaved(saved);
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={dataset ? "Rename or describe" : "New dataset"}
      description={
        dataset
          ? "The name and description are not versioned: evaluation runs keep the version they read."
          : "An empty dataset, version 0. Fill it from traces, a JSONL, JSON or CSV file, or the SDK."
      }
      data-testid="dataset-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="dataset-submit">
            {dataset ? "Save" : "Create dataset"}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field label="Name" hint="Unique in the project." error={errors.name} required>
          <Input
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            placeholder="e.g. support-golden-set"
            maxLength={200}
            autoFocus
            data-testid="dataset-name-input"
          />
        </Field>
        <Field label="Description" hint="Optional. What these cases test." error={errors.description}>
          <Textarea
            value={description}
            rows={3}
            maxLength={2000}
            onInput={(event) => setDescription(event.currentTarget.value)}
            data-testid="dataset-description-input"
          />
        </Field>
      </form>
    </Dialog>
  );
}
