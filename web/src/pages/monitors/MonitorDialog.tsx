import { useEffect, useId, useState } from "preact/hooks";
import { createMonitor, type Monitor, type MonitorLevel } from "../../api/monitors";
import { listScorers } from "../../api/scorers";
import { nameTaken, useFormSubmit } from "../../api/useFormSubmit";
import { useResource } from "../../api/useResource";
import { SECTION, sectionHref } from "../../app/sections";
import { Link } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { Segmented } from "../../ui/Segmented";
import { Spinner } from "../../ui/Spinner";
import { EMPTY_FILTER, type FilterDraft, filterOf, tagsProblem } from "./filter";
import { DEFAULT_SETTLE_SECONDS, percentProblem } from "./monitorNumbers";

type MonitorField = "scorerId" | "name" | "level" | "samplingRate" | "filter" | "settleSeconds" | "status";
const FIELDS: readonly MonitorField[] = [
  "scorerId",
  "name",
  "level",
  "samplingRate",
  "filter",
  "settleSeconds",
  "status",
];

const FILTER_FIELDS: readonly { key: keyof FilterDraft; label: string; hint: string; placeholder: string }[] =
  [
    { key: "name", label: "Trace name", hint: "Exact root span name.", placeholder: "support_agent" },
    {
      key: "tags",
      label: "Tags",
      hint: "key=value, separated by commas; all must match.",
      placeholder: "env=prod",
    },
    { key: "model", label: "Model", hint: "A span used this model.", placeholder: "gpt-4o-mini" },
  ];

const LEVELS = [
  { value: "trace", label: "Each trace" },
  { value: "session", label: "Each session" },
] as const;
const STATUSES = [
  { value: "active", label: "Start now" },
  { value: "paused", label: "Create paused" },
] as const;

/**
 * A new monitor: a scorer on a sample of the project's live traffic. The API's 422s are shown at
 * their fields (the filter's under the filter group).
 */
export function MonitorDialog({
  open,
  onClose,
  projectId,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  projectId: string;
  onCreated: (monitor: Monitor) => void;
}) {
  const formId = useId();
  const [scorers] = useResource(open ? `monitor-scorers:${projectId}` : null, (signal) =>
    listScorers(projectId, false, { signal }),
  );
  const [scorerId, setScorerId] = useState("");
  const [name, setName] = useState("");
  const [level, setLevel] = useState<MonitorLevel>("trace");
  const [percent, setPercent] = useState("10");
  const [filter, setFilter] = useState<FilterDraft>(EMPTY_FILTER);
  const [settle, setSettle] = useState("");
  const [status, setStatus] = useState<"active" | "paused">("active");
  const { busy, errors, formError, run, reset } = useFormSubmit({ fields: FIELDS, onError: nameTaken });

  useEffect(() => {
    if (!open) return;
    setScorerId("");
    setName("");
    setLevel("trace");
    setPercent("10");
    setFilter(EMPTY_FILTER);
    setSettle("");
    setStatus("active");
    reset();
  }, [open, reset]);

  const list = scorers.status === "ready" ? scorers.data : [];
  // The first scorer is chosen until the user picks another.
  const chosen = scorerId || list[0]?.id || "";
  const none = scorers.status === "ready" && list.length === 0;

  const submit = (event: Event) => {
    event.preventDefault();
    const rateProblem = percentProblem(percent);
    const tags = tagsProblem(filter.tags);
    const settleText = settle.trim();
    const validation = {
      ...(chosen ? {} : { scorerId: "Pick the scorer to run." }),
      ...(rateProblem ? { samplingRate: rateProblem } : {}),
      ...(tags ? { filter: tags } : {}),
      ...(settleText && !/^\d+$/.test(settleText)
        ? { settleSeconds: "Whole seconds, or empty for the default." }
        : {}),
    };
    void run(validation, async () => {
      const created = await createMonitor(projectId, {
        scorerId: chosen,
        name: name.trim() || undefined,
        level,
        samplingRate: Number(percent) / 100,
        filter: filterOf(filter),
        settleSeconds: settleText ? Number(settleText) : undefined,
        status,
      });
      onCreated(created);
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="New monitor"
      description="Runs a scorer on a sample of live traffic once each trace (or session) goes quiet; its scores land as feedback under the scorer's name."
      data-testid="monitor-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            loading={busy}
            disabled={none}
            data-testid="monitor-submit"
          >
            Create monitor
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        {scorers.status === "loading" && <Spinner label="Loading scorers…" />}
        {scorers.status === "error" && <Alert tone="danger" title={scorers.error.message} />}
        {none && (
          <div data-testid="monitor-no-scorers">
            <Alert tone="info" title="This project has no scorers yet">
              A monitor runs a scorer (a rule or an LLM judge).{" "}
              <Link href={sectionHref(SECTION.scorers, projectId)}>Create one on the Scorers page</Link>, then
              come back.
            </Alert>
          </div>
        )}
        {list.length > 0 && (
          <>
            <Field label="Scorer" hint="Its latest version runs." error={errors.scorerId} required>
              <Select
                value={chosen}
                onChange={(event) => setScorerId(event.currentTarget.value)}
                options={list.map((scorer) => ({
                  value: scorer.id,
                  label: `${scorer.name} (v${scorer.latest.version})`,
                }))}
                data-testid="monitor-scorer-select"
              />
            </Field>
            <Field label="Name" hint="Optional; the scorer's name when empty." error={errors.name}>
              <Input
                value={name}
                maxLength={100}
                onInput={(event) => setName(event.currentTarget.value)}
                data-testid="monitor-name-input"
              />
            </Field>
            <div className="mon-form-row">
              <Field label="Scores" error={errors.level}>
                <Segmented label="Level" options={LEVELS} value={level} onChange={setLevel} />
              </Field>
              <Field
                label="Sampling rate (%)"
                hint="The share of traffic scored, 0–100."
                error={errors.samplingRate}
              >
                <span className="mon-rate">
                  <input
                    type="range"
                    min={0}
                    max={100}
                    step={1}
                    value={Number(percent) || 0}
                    aria-label="Sampling rate slider"
                    onInput={(event) => setPercent(event.currentTarget.value)}
                  />
                  <Input
                    type="number"
                    min={0}
                    max={100}
                    step="any"
                    value={percent}
                    onInput={(event) => setPercent(event.currentTarget.value)}
                    data-testid="monitor-rate-input"
                  />
                </span>
              </Field>
            </div>
            <fieldset className="mon-fieldset">
              <legend>Only traces matching (optional)</legend>
              <div className="mon-form-row mon-form-row--3">
                {FILTER_FIELDS.map((f) => (
                  <Field key={f.key} label={f.label} hint={f.hint}>
                    <Input
                      value={filter[f.key]}
                      onInput={(event) => setFilter({ ...filter, [f.key]: event.currentTarget.value })}
                      placeholder={f.placeholder}
                      spellcheck={false}
                      data-testid={`monitor-filter-${f.key}`}
                    />
                  </Field>
                ))}
              </div>
              {errors.filter && (
                <p className="field__error" role="alert" data-testid="monitor-filter-error">
                  {errors.filter}
                </p>
              )}
            </fieldset>
            <div className="mon-form-row">
              <Field
                label="Settle time (seconds)"
                hint={`Quiet time before scoring. Empty: ${DEFAULT_SETTLE_SECONDS[level]} s for ${level === "trace" ? "a trace (after its last span)" : "a session (after its last turn)"}.`}
                error={errors.settleSeconds}
              >
                <Input
                  type="number"
                  min={0}
                  max={3600}
                  value={settle}
                  placeholder={String(DEFAULT_SETTLE_SECONDS[level])}
                  onInput={(event) => setSettle(event.currentTarget.value)}
                  data-testid="monitor-settle-input"
                />
              </Field>
              <Field label="Status" error={errors.status}>
                <Segmented label="Status" options={STATUSES} value={status} onChange={setStatus} />
              </Field>
            </div>
          </>
        )}
      </form>
    </Dialog>
  );
}
