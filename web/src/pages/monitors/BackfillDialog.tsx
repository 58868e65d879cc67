import { useEffect, useState } from "preact/hooks";
import {
  type Backfill,
  cancelBackfill,
  estimateBackfill,
  listBackfills,
  type Monitor,
  startBackfill,
} from "../../api/monitors";
import { useFormSubmit } from "../../api/useFormSubmit";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { formatCost, formatInteger } from "../../app/numbers";
import { Alert } from "../../ui/Alert";
import { Badge, type Tone } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { Skeleton } from "../../ui/Skeleton";
import { ProgressBar } from "../datasets/ProgressBar";
import { formatRate } from "./monitorNumbers";

const POLL_MS = 2000;
const running = (backfill: Backfill) => backfill.status === "collecting" || backfill.status === "running";
const STATUS_TONE: Record<Backfill["status"], Tone> = {
  collecting: "info",
  running: "accent",
  completed: "success",
  cancelled: "neutral",
};
const wholeDays = (text: string) => (/^\d{1,2}$/.test(text.trim()) ? Number(text) : null);

function Estimate({
  projectId,
  monitor,
  days,
}: {
  projectId: string;
  monitor: Monitor;
  days: number | null;
}) {
  const [estimate] = useResource(days === null ? null : `backfill-estimate:${monitor.id}:${days}`, (signal) =>
    estimateBackfill(projectId, monitor.id, days ?? 1, { signal }),
  );
  if (days === null) return null;
  if (estimate.status === "loading" || estimate.status === "idle")
    return <Skeleton width="100%" height={72} />;
  if (estimate.status === "error") return <Alert tone="danger" title={estimate.error.message} />;
  const e = estimate.data;
  return (
    <div className="mon-estimate" data-testid="backfill-estimate">
      <dl className="mon-figures">
        <div>
          <dt>Traces matching</dt>
          <dd data-testid="backfill-matching">{formatInteger(e.matching)}</dd>
        </div>
        <div>
          <dt>Scored at {formatRate(monitor.samplingRate)}</dt>
          <dd data-testid="backfill-subjects">≈ {formatInteger(e.subjects)}</dd>
        </div>
        <div>
          <dt>Estimated judge cost</dt>
          <dd data-testid="backfill-cost">
            {e.estimatedCostUsd === null ? "unknown" : formatCost(e.estimatedCostUsd)}
          </dd>
        </div>
      </dl>
      <p className="muted mon-note">
        {formatDateTime(e.from)} – {formatDateTime(e.to)}. {e.basis}
      </p>
    </div>
  );
}

function BackfillRow({ backfill, onCancel }: { backfill: Backfill; onCancel: (() => void) | null }) {
  const nothingToDo = !running(backfill) && backfill.total === 0;
  return (
    <li className="mon-backfill" data-testid="backfill" data-status={backfill.status}>
      <div className="mon-backfill__head">
        <Badge tone={STATUS_TONE[backfill.status]} dot={running(backfill)}>
          {backfill.status}
        </Badge>
        <span className="muted">
          {formatDateTime(backfill.from)} – {formatDateTime(backfill.to)}, started{" "}
          <time dateTime={backfill.createdAt}>{formatRelative(backfill.createdAt)}</time>
        </span>
        {onCancel && (
          <Button size="sm" variant="ghost" onClick={onCancel} data-testid="backfill-cancel">
            Cancel
          </Button>
        )}
      </div>
      <ProgressBar
        // Finished with nothing to do is a full bar, not the moving one of an unknown total.
        value={nothingToDo ? 1 : backfill.done}
        total={nothingToDo ? 1 : backfill.total}
        label="Backfill progress"
        tone={
          backfill.status === "cancelled" ? "danger" : backfill.status === "completed" ? "success" : "accent"
        }
      />
      <p className="mon-backfill__counts" data-testid="backfill-counts">
        {nothingToDo ? (
          "Nothing to score: the sampled traces were already scored by this scorer version."
        ) : (
          <>
            {formatInteger(backfill.done)} of {backfill.total === null ? "…" : formatInteger(backfill.total)}{" "}
            scored
            {backfill.errors > 0 && (
              <span className="text-danger">, {formatInteger(backfill.errors)} errors</span>
            )}
            {" · "}
            {formatCost(backfill.costUsd)} spent
            {backfill.estimatedCostUsd !== null && ` of ≈ ${formatCost(backfill.estimatedCostUsd)}`}
          </>
        )}
      </p>
    </li>
  );
}

/**
 * Scores a monitor's past traffic: the estimate (what matches, what the rate samples, the judge
 * cost) is shown before anything starts; then the progress, polled, with a cancel; and the
 * monitor's earlier backfills.
 */
export function BackfillDialog({
  projectId,
  monitor,
  canEdit,
  onClose,
}: {
  projectId: string;
  monitor: Monitor | null;
  canEdit: boolean;
  onClose: () => void;
}) {
  const [daysText, setDaysText] = useState("1");
  const { busy, errors, formError, run, reset } = useFormSubmit({ fields: ["days"] as const });
  const [backfills, reload] = useResource(monitor ? `backfills:${monitor.id}` : null, (signal) =>
    listBackfills(projectId, monitor?.id ?? "", { signal }),
  );
  const list = backfills.status === "ready" ? backfills.data : [];
  const active = list.find(running);

  useEffect(() => {
    if (!monitor) return;
    setDaysText("1");
    reset();
  }, [monitor, reset]);

  // Progress is polled while a backfill runs: the server moves it in the background.
  useEffect(() => {
    if (!active) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [active, backfills, reload]);

  if (!monitor) return null;
  const days = wholeDays(daysText);
  const start = () =>
    void run(days === null || days < 1 || days > 90 ? { days: "Whole days, 1 to 90." } : {}, async () => {
      await startBackfill(projectId, monitor.id, days ?? 1);
      reload();
      reset();
    });

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`Backfill ${monitor.name}`}
      description="Scores the past traffic the monitor would have scored. Traces already scored by its current scorer version are skipped."
      data-testid="backfill-dialog"
      footer={
        <>
          <Button onClick={onClose} data-testid="backfill-close">
            Close
          </Button>
          {canEdit && !active && (
            <Button
              variant="primary"
              loading={busy}
              disabled={days === null}
              onClick={start}
              data-testid="backfill-start"
            >
              Start backfill
            </Button>
          )}
        </>
      }
    >
      <div className="form">
        {formError && <Alert tone="danger" title={formError} />}
        {!active && (
          <>
            <Field label="Days back from now" error={errors.days} className="mon-days">
              <Input
                type="number"
                min={1}
                max={90}
                value={daysText}
                onInput={(event) => setDaysText(event.currentTarget.value)}
                data-testid="backfill-days"
              />
            </Field>
            <Estimate
              projectId={projectId}
              monitor={monitor}
              days={days !== null && days >= 1 ? days : null}
            />
          </>
        )}
        {backfills.status === "error" && <Alert tone="danger" title={backfills.error.message} />}
        {list.length > 0 && (
          <section aria-label="Backfills">
            <h3 className="mon-subheading">{active ? "Running" : "Past backfills"}</h3>
            <ul className="mon-backfills">
              {list.map((backfill) => (
                <BackfillRow
                  key={backfill.id}
                  backfill={backfill}
                  onCancel={
                    canEdit && running(backfill)
                      ? () =>
                          void run(async () => {
                            await cancelBackfill(projectId, monitor.id, backfill.id);
                            reload();
                            reset();
                          })
                      : null
                  }
                />
              ))}
            </ul>
          </section>
        )}
      </div>
    </Dialog>
  );
}
