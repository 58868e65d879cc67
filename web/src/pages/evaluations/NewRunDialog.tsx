import { useEffect, useId, useState } from "preact/hooks";
import { type Dataset, listVersions } from "../../api/datasets";
import { type EvaluationRun, startRun } from "../../api/evaluations";
import { listScorers } from "../../api/scorers";
import { useFormSubmit } from "../../api/useFormSubmit";
import { type Resource, useResource } from "../../api/useResource";
import { formatInteger } from "../../app/numbers";
import { SECTION, sectionHref } from "../../app/sections";
import { Link } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Checkbox } from "../../ui/Checkbox";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { Skeleton } from "../../ui/Skeleton";
import { KindBadge } from "../scorers/KindBadge";

type RunField = "name" | "data" | "scorers" | "repeats";
const FIELDS: readonly RunField[] = ["name", "data", "scorers", "repeats"];

export interface NewRunDialogProps {
  open: boolean;
  onClose: () => void;
  projectId: string;
  datasets: Resource<Dataset[]>;
  onStarted: (run: EvaluationRun) => void;
}

function validate(datasetId: string, version: number, scorers: ReadonlySet<string>, repeats: string) {
  const errors: Partial<Record<RunField, string>> = {};
  if (!datasetId) errors.data = "Pick the dataset whose recorded outputs to score.";
  else if (version < 1) errors.data = "This dataset has no records yet: add some on its page first.";
  if (scorers.size === 0) errors.scorers = "Pick at least one scorer.";
  const n = Number(repeats);
  if (!Number.isInteger(n) || n < 1 || n > 10) errors.repeats = "A whole number from 1 to 10.";
  return errors;
}

/**
 * Start a run from the dashboard: a dataset version's recorded outputs, scored by registered
 * scorers `repeats` times each. Records without outputs are kept as errors, not scored.
 */
export function NewRunDialog({ open, onClose, projectId, datasets, onStarted }: NewRunDialogProps) {
  const formId = useId();
  const [datasetId, setDatasetId] = useState("");
  const [version, setVersion] = useState(0);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [repeats, setRepeats] = useState("1");
  const [name, setName] = useState("");
  const { busy, errors, formError, run, reset } = useFormSubmit({ fields: FIELDS });
  const [scorers] = useResource(open ? `run-scorers:${projectId}` : null, (signal) =>
    listScorers(projectId, false, { signal }),
  );
  const [versions] = useResource(
    open && datasetId ? `run-versions:${projectId}:${datasetId}` : null,
    (signal) => listVersions(projectId, datasetId, { limit: 200 }, { signal }),
  );
  const list = datasets.status === "ready" ? datasets.data : [];
  const dataset = list.find((each) => each.id === datasetId) ?? null;

  useEffect(() => {
    if (!open) return;
    setDatasetId("");
    setVersion(0);
    setPicked(new Set());
    setRepeats("1");
    setName("");
    reset();
  }, [open, reset]);

  const pickDataset = (id: string) => {
    setDatasetId(id);
    setVersion(list.find((each) => each.id === id)?.version ?? 0);
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void run(validate(datasetId, version, picked, repeats), async () => {
      const started = await startRun(projectId, {
        ...(name.trim() ? { name: name.trim() } : {}),
        data: { dataset: { id: datasetId, version } },
        scorers: [...picked].map((scorerId) => ({ scorerId })),
        repeats: Number(repeats),
      });
      onStarted(started);
    });
  };

  const versionOptions =
    versions.status === "ready"
      ? versions.data.versions.map((each) => ({
          value: String(each.version),
          label: `v${each.version} · ${formatInteger(each.recordCount)} records${each.version === dataset?.version ? " · current" : ""}`,
        }))
      : dataset && dataset.version > 0
        ? [{ value: String(dataset.version), label: `v${dataset.version} · current` }]
        : [];

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="New evaluation run"
      description="Scores the outputs recorded in a dataset version with registered scorers. Records without outputs are listed as errors and not scored; to run your application on the inputs, use the SDK's evaluate()."
      data-testid="new-run-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="new-run-submit">
            Start run
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <div className="ev-form-row">
          <Field label="Dataset" error={errors.data} required>
            <Select
              value={datasetId}
              onChange={(event) => pickDataset(event.currentTarget.value)}
              disabled={datasets.status !== "ready"}
              data-testid="new-run-dataset"
            >
              <option value="">
                {datasets.status === "ready" ? "Choose a dataset…" : "Loading datasets…"}
              </option>
              {list.map((each) => (
                <option key={each.id} value={each.id}>
                  {each.name} ({formatInteger(each.recordCount)} records)
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Version" hint="Pinned in the run, so it stays comparable.">
            <Select
              value={String(version)}
              onChange={(event) => setVersion(Number(event.currentTarget.value))}
              disabled={versionOptions.length === 0}
              options={versionOptions.length > 0 ? versionOptions : [{ value: "0", label: "—" }]}
              data-testid="new-run-version"
            />
          </Field>
        </div>
        {datasets.status === "ready" && list.length === 0 && (
          <Alert tone="info" title="No datasets in this project yet">
            <p>
              Create one on the <Link href={sectionHref(SECTION.datasets, projectId)}>Datasets page</Link>{" "}
              with records that carry your application's outputs.
            </p>
          </Alert>
        )}
        <ScorerPicker
          scorers={scorers}
          picked={picked}
          onToggle={toggle}
          projectId={projectId}
          error={errors.scorers}
        />
        <div className="ev-form-row">
          <Field
            label="Name"
            hint={dataset ? `Optional; e.g. "${dataset.name} v${version}".` : "Optional."}
            error={errors.name}
          >
            <Input
              value={name}
              maxLength={200}
              onInput={(event) => setName(event.currentTarget.value)}
              placeholder="e.g. prompt v7"
              data-testid="new-run-name"
            />
          </Field>
          <Field
            label="Repeats"
            hint="Score each record this many times (judge variance)."
            error={errors.repeats}
          >
            <Input
              type="number"
              min={1}
              max={10}
              value={repeats}
              onInput={(event) => setRepeats(event.currentTarget.value)}
              data-testid="new-run-repeats"
            />
          </Field>
        </div>
      </form>
    </Dialog>
  );
}

function ScorerPicker({
  scorers,
  picked,
  onToggle,
  projectId,
  error,
}: {
  scorers: Resource<Awaited<ReturnType<typeof listScorers>>>;
  picked: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
  projectId: string;
  error: string | undefined;
}) {
  return (
    <fieldset className="ev-scorers" data-testid="new-run-scorers" aria-invalid={error ? "true" : undefined}>
      <legend className="field__label">Scorers</legend>
      {(scorers.status === "loading" || scorers.status === "idle") && <Skeleton width="100%" height={60} />}
      {scorers.status === "error" && (
        <Alert tone="danger" title="Couldn't load the scorers">
          <p>{scorers.error.message} Close this dialog and try again.</p>
        </Alert>
      )}
      {scorers.status === "ready" && scorers.data.length === 0 && (
        <p className="muted">
          No scorers yet.{" "}
          <Link href={sectionHref(SECTION.scorers, projectId)}>Create one on the Scorers page</Link> — a rule
          needs no model; an LLM judge needs a judge provider.
        </p>
      )}
      {scorers.status === "ready" &&
        scorers.data.map((scorer) => (
          <Checkbox
            key={scorer.id}
            checked={picked.has(scorer.id)}
            onChange={(on) => onToggle(scorer.id, on)}
            label={<span className="mono">{scorer.name}</span>}
            description={
              <span className="ev-scorers__kind">
                <KindBadge definition={scorer.latest.definition} /> v{scorer.latest.version}
                {scorer.description && ` · ${scorer.description}`}
              </span>
            }
            data-testid="new-run-scorer"
          />
        ))}
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}
