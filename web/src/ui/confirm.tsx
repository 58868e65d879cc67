import { useEffect, useState } from "preact/hooks";
import { Button } from "./Button";
import { Dialog } from "./Dialog";

/**
 * Promise-based confirmation:
 *   if (await confirm({ title: "Delete dataset?", message: "…", confirmLabel: "Delete", tone: "danger" })) …
 * <ConfirmHost> (mounted once by the app) renders the dialog.
 */
export interface ConfirmOptions {
  title: string;
  message?: string;
  confirmLabel?: string;
  cancelLabel?: string;
  tone?: "default" | "danger";
}

interface Pending extends ConfirmOptions {
  resolve: (confirmed: boolean) => void;
}

let pending: Pending | null = null;
const listeners = new Set<(value: Pending | null) => void>();

function setPending(value: Pending | null): void {
  pending = value;
  for (const listener of listeners) listener(value);
}

export function confirm(options: ConfirmOptions): Promise<boolean> {
  // A new question supersedes an unanswered one (which counts as cancelled).
  pending?.resolve(false);
  return new Promise((resolve) => setPending({ ...options, resolve }));
}

export function ConfirmHost() {
  const [current, setCurrent] = useState<Pending | null>(pending);
  useEffect(() => {
    setCurrent(pending);
    listeners.add(setCurrent);
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);

  if (!current) return null;
  const answer = (confirmed: boolean) => {
    current.resolve(confirmed);
    setPending(null);
  };
  const danger = current.tone === "danger";

  return (
    <Dialog
      open
      size="sm"
      role="alertdialog"
      hideClose
      title={current.title}
      description={current.message}
      onClose={() => answer(false)}
      data-testid="confirm-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={() => answer(false)} autoFocus={danger}>
            {current.cancelLabel ?? "Cancel"}
          </Button>
          <Button variant={danger ? "danger" : "primary"} onClick={() => answer(true)} autoFocus={!danger}>
            {current.confirmLabel ?? "Confirm"}
          </Button>
        </>
      }
    />
  );
}
