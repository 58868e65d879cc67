import { useEffect, useRef, useState } from "preact/hooks";
import {
  abortImport,
  commitImport,
  type Dataset,
  getImport,
  type ImportFormat,
  openImport,
  putImportChunk,
} from "../../api/datasets";
import { ApiError } from "../../api/errors";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { confirm } from "../../ui/confirm";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { Segmented } from "../../ui/Segmented";
import { parseCsvHeader } from "./csv";
import { ImportProgressPanel, ImportSummary, RejectedRows } from "./ImportReport";
import { formatOfName, prepareFile } from "./importFile";
import {
  type ImportOutcome,
  type ImportProgress,
  type ImportTransport,
  runImport,
  startingProgress,
} from "./importRunner";

type Stage =
  | { kind: "choose"; error: string | null }
  | { kind: "running"; progress: ImportProgress }
  | { kind: "done"; progress: ImportProgress; outcome: ImportOutcome };

const FORMATS = [
  { value: "jsonl", label: "JSONL" },
  { value: "json", label: "JSON" },
  { value: "csv", label: "CSV" },
] as const;

const FORMAT_HELP: Readonly<Record<ImportFormat, string>> = {
  jsonl: 'One record a line: {"inputs": {…}, "expectations": {…}, "outputs": …, "tags": {…}}.',
  json: "An array of records, or an object { records: [...] }.",
  csv: "A header row naming each column's field: inputs.question, expectations.expected_response, outputs, tags.team; a name ending in :json holds JSON.",
};

const STARTING = startingProgress("preparing", 0);

function transportFor(projectId: string, datasetId: string, message: string): ImportTransport {
  return {
    open: (input) => openImport(projectId, datasetId, input),
    put: (importId, chunk, signal) => putImportChunk({ projectId, datasetId, importId }, chunk, signal),
    commit: (importId) => commitImport(projectId, datasetId, importId, message || undefined),
    get: (importId) => getImport(projectId, datasetId, importId),
    abort: (importId) => abortImport(projectId, datasetId, importId),
  };
}

/** Why the import could not start or finish, and what to do about it. */
function failureMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 409)
    return `${error.message} Another import or change is being written to this dataset: wait for it, then try again.`;
  return error instanceof Error ? error.message : String(error);
}

export interface ImportDialogProps {
  open: boolean;
  onClose: () => void;
  projectId: string;
  dataset: Dataset;
  /** After a commit: the dataset has a new version. */
  onImported: () => void;
}

/** Picks a file, sends it as an import session with a progress bar, and reports the rows it rejected. */
export function ImportDialog({ open, onClose, projectId, dataset, onImported }: ImportDialogProps) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>("jsonl");
  const [message, setMessage] = useState("");
  const [stage, setStage] = useState<Stage>({ kind: "choose", error: null });
  const [unit, setUnit] = useState<"line" | "record">("line");
  const controller = useRef<AbortController | null>(null);
  const stuck = useRef<((again: boolean) => void) | null>(null);

  useEffect(() => {
    if (!open) return;
    setFile(null);
    setMessage("");
    setStage({ kind: "choose", error: null });
  }, [open]);

  const start = async () => {
    if (!file) return;
    controller.current = new AbortController();
    const { signal } = controller.current;
    setStage({ kind: "running", progress: STARTING });
    try {
      const prepared = await prepareFile(file, format, parseCsvHeader);
      if (prepared.totalLines === 0) throw new Error("The file is empty: there is nothing to import.");
      setUnit(prepared.unit);
      const outcome = await runImport({
        transport: transportFor(projectId, dataset.id, message.trim()),
        file: prepared,
        fileName: file.name,
        signal,
        onProgress: (progress) => setStage({ kind: "running", progress }),
        onStuck: () => new Promise<boolean>((resolve) => (stuck.current = resolve)),
      });
      if (!outcome.session) {
        setStage({ kind: "choose", error: "The import was aborted: nothing of the file was written." });
        return;
      }
      setStage((current) => ({
        kind: "done",
        progress: current.kind === "running" ? current.progress : STARTING,
        outcome,
      }));
      onImported();
    } catch (error) {
      setStage({ kind: "choose", error: failureMessage(error) });
    }
  };

  const abort = () => {
    controller.current?.abort();
    stuck.current?.(false);
    stuck.current = null;
  };
  const retry = () => {
    stuck.current?.(true);
    stuck.current = null;
  };
  const close = async () => {
    if (stage.kind === "running") {
      const ok = await confirm({
        title: "Abort the import?",
        message: "Nothing of the file is written until it is committed; aborting drops what was sent.",
        confirmLabel: "Abort import",
        cancelLabel: "Keep importing",
        tone: "danger",
      });
      if (!ok) return;
      abort();
    }
    onClose();
  };

  const running = stage.kind === "running";
  const footer =
    stage.kind === "choose" ? (
      <>
        <Button onClick={() => void close()}>Cancel</Button>
        <Button variant="primary" disabled={!file} onClick={() => void start()} data-testid="start-import">
          Import
        </Button>
      </>
    ) : running ? (
      <Button
        variant="danger"
        onClick={abort}
        disabled={stage.progress.phase === "committing"}
        data-testid="abort-import"
      >
        Abort
      </Button>
    ) : (
      <>
        <Button onClick={() => setStage({ kind: "choose", error: null })}>Import another file</Button>
        <Button variant="primary" onClick={onClose} data-testid="close-import">
          Done
        </Button>
      </>
    );

  return (
    <Dialog
      open={open}
      onClose={() => void close()}
      size="lg"
      title={`Import into ${dataset.name}`}
      description="Records merge on their inputs: a record whose inputs are already there updates it. The whole file becomes one version."
      footer={footer}
      data-testid="import-dialog"
    >
      {stage.kind === "choose" && (
        <div className="form">
          {stage.error && (
            <Alert tone="danger" title="The import did not finish">
              {stage.error}
            </Alert>
          )}
          <Field
            label="File"
            hint="JSONL, JSON or CSV, of any size: it is sent in chunks of up to 1,000 rows."
          >
            <input
              type="file"
              className="control ds-file"
              accept=".jsonl,.ndjson,.json,.csv,application/json,text/csv"
              onChange={(event) => {
                const chosen = event.currentTarget.files?.[0] ?? null;
                setFile(chosen);
                const detected = chosen ? formatOfName(chosen.name) : null;
                if (detected) setFormat(detected);
              }}
              data-testid="import-file"
            />
          </Field>
          <Field label="Format" hint={FORMAT_HELP[format]}>
            <Segmented
              label="Format"
              options={FORMATS}
              value={format}
              onChange={setFormat}
              data-testid="import-format"
            />
          </Field>
          <Field label="Version message" hint="Optional: what this import adds.">
            <Input
              value={message}
              maxLength={500}
              onInput={(event) => setMessage(event.currentTarget.value)}
              data-testid="import-message"
            />
          </Field>
        </div>
      )}
      {stage.kind !== "choose" && <ImportProgressPanel progress={stage.progress} unit={unit} />}
      {running && stage.progress.stuck && (
        <Alert
          tone="warning"
          title={`Chunk ${stage.progress.stuck.seq + 1} could not be sent`}
          actions={
            <Button size="sm" onClick={retry} data-testid="retry-chunk">
              Try again
            </Button>
          }
        >
          {stage.progress.stuck.message} Nothing is lost: trying again resends this chunk, and what was sent
          stays in the session.
        </Alert>
      )}
      {stage.kind === "done" && stage.outcome.session && (
        <>
          <ImportSummary session={stage.outcome.session} />
          <RejectedRows rows={stage.outcome.rejected} total={stage.outcome.rejectedTotal} unit={unit} />
        </>
      )}
    </Dialog>
  );
}
