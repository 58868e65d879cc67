import { useId, useState } from "preact/hooks";
import { type Monitor, updateMonitor } from "../../api/monitors";
import { useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { percentProblem } from "./monitorNumbers";

/** A monitor's sampling rate, typed in percent; it applies to traffic settling from now on. */
export function RateDialog({
  projectId,
  monitor,
  onClose,
  onSaved,
}: {
  projectId: string;
  monitor: Monitor;
  onClose: () => void;
  onSaved: (monitor: Monitor) => void;
}) {
  const formId = useId();
  // Mounted for one monitor at a time, so the field starts from its rate.
  const [percent, setPercent] = useState(() => String(Number((monitor.samplingRate * 100).toPrecision(6))));
  const { busy, errors, formError, run } = useFormSubmit({ fields: ["samplingRate"] as const });
  const submit = (event: Event) => {
    event.preventDefault();
    const problem = percentProblem(percent);
    void run(problem ? { samplingRate: problem } : {}, async () => {
      onSaved(await updateMonitor(projectId, monitor.id, { samplingRate: Number(percent) / 100 }));
      onClose();
    });
  };
  return (
    <Dialog
      open
      onClose={onClose}
      size="sm"
      title={`Sampling rate of ${monitor.name}`}
      description="Applies to traces that settle from now on. Sampling is nested: raising the rate keeps every trace scored before."
      data-testid="rate-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="rate-submit">
            Save rate
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field label="Sampling rate (%)" error={errors.samplingRate}>
          <Input
            type="number"
            min={0}
            max={100}
            step="any"
            value={percent}
            autoFocus
            onInput={(event) => setPercent(event.currentTarget.value)}
            data-testid="rate-input"
          />
        </Field>
      </form>
    </Dialog>
  );
}
