import { useEffect, useState } from "preact/hooks";
import { type Dataset, type DatasetVersion, exportHref } from "../../api/datasets";
import { Button } from "../../ui/Button";
import { CodeBlock } from "../../ui/CodeBlock";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Select } from "../../ui/Input";
import { IconArrowDown } from "../../ui/icons";
import { Segmented } from "../../ui/Segmented";
import { versionLabel } from "./versionLabel";

type ExportFormat = "jsonl" | "csv";

export interface ExportDialogProps {
  open: boolean;
  onClose: () => void;
  projectId: string;
  dataset: Dataset;
  versions: readonly DatasetVersion[];
  /** The version on screen when the dialog opens. */
  initialVersion: number;
}

/** A version and a format, downloaded by a plain link (the server streams it with the session cookie). */
export function ExportDialog({
  open,
  onClose,
  projectId,
  dataset,
  versions,
  initialVersion,
}: ExportDialogProps) {
  const [version, setVersion] = useState(initialVersion);
  const [format, setFormat] = useState<ExportFormat>("jsonl");
  useEffect(() => {
    if (open) setVersion(initialVersion);
  }, [open, initialVersion]);
  const numbers = versions.length > 0 ? versions.map((item) => item.version) : [dataset.version];
  const href = exportHref(projectId, dataset.id, version, format);
  const fileName = `${dataset.name}-v${version}.${format}`;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Export ${dataset.name}`}
      description="Every record of one version. Importing the file into a dataset gives the same records."
      data-testid="export-dialog"
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <a
            className="btn btn--primary btn--md"
            href={href}
            download={fileName}
            data-testid="export-download"
          >
            <IconArrowDown size={16} />
            <span className="btn__label">
              Download v{version} as {format.toUpperCase()}
            </span>
          </a>
        </>
      }
    >
      <div className="form">
        <Field label="Version">
          <Select
            value={String(version)}
            onChange={(event) => setVersion(Number(event.currentTarget.value))}
            data-testid="export-version"
          >
            {numbers.map((number) => (
              <option key={number} value={String(number)}>
                {versionLabel(
                  number,
                  dataset.version,
                  versions.find((item) => item.version === number),
                )}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Format"
          hint={
            format === "jsonl"
              ? "One record a line: id, inputs, expectations, outputs, tags, source."
              : "One column per key of inputs, expectations, outputs and tags (inputs.question …); :json where a column holds JSON."
          }
        >
          <Segmented
            label="Format"
            options={[
              { value: "jsonl", label: "JSONL" },
              { value: "csv", label: "CSV" },
            ]}
            value={format}
            onChange={setFormat}
            data-testid="export-format"
          />
        </Field>
        <CodeBlock
          label="From the command line"
          wrap
          code={`npx sightline datasets export ${JSON.stringify(dataset.name)} --version ${version} --format ${format}`}
        />
      </div>
    </Dialog>
  );
}
