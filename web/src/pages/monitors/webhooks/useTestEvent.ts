import { useEffect, useRef, useState } from "preact/hooks";
import { toApiError } from "../../../api/errors";
import { listWebhookDeliveries, sendWebhookTest, type WebhookDelivery } from "../../../api/webhooks";
import { isFinished, testResultText } from "./webhookText";

const POLL_MS = 1000;
/** Past this, the test result stops waiting: retries go on for a day, the log shows them. */
const GIVE_UP_MS = 60_000;

export type TestEvent =
  | { state: "idle" }
  | { state: "sending" }
  | { state: "waiting"; deliveryId: string; delivery: WebhookDelivery | null; gaveUp: boolean }
  | { state: "error"; message: string };

/**
 * "Send test event" and its outcome: the API queues it (202 and a delivery id), so the result is
 * read from the delivery log until that delivery finishes. There is no route for one delivery, so
 * this reads the newest few, where a delivery made a moment ago is.
 */
export function useTestEvent(projectId: string, webhookId: string, onFinished: () => void) {
  const [test, setTest] = useState<TestEvent>({ state: "idle" });
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;
  const deliveryId = test.state === "waiting" && !test.gaveUp ? test.deliveryId : null;

  useEffect(() => {
    if (!deliveryId) return;
    let stopped = false;
    const started = Date.now();
    const poll = async () => {
      if (stopped) return;
      try {
        const { deliveries } = await listWebhookDeliveries(projectId, webhookId, { limit: 10 });
        if (stopped) return;
        const delivery = deliveries.find((d) => d.id === deliveryId) ?? null;
        const done = delivery !== null && isFinished(delivery.status);
        const gaveUp = !done && Date.now() - started > GIVE_UP_MS;
        setTest({ state: "waiting", deliveryId, delivery, gaveUp });
        if (done || gaveUp) {
          finishedRef.current();
          return;
        }
      } catch {
        // A failed read is tried again on the next tick, until GIVE_UP_MS.
      }
      if (!stopped) timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    let timer = window.setTimeout(() => void poll(), POLL_MS / 2);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [projectId, webhookId, deliveryId]);

  const send = async () => {
    setTest({ state: "sending" });
    try {
      const queued = await sendWebhookTest(projectId, webhookId);
      setTest({ state: "waiting", deliveryId: queued.deliveryId, delivery: null, gaveUp: false });
    } catch (error) {
      setTest({ state: "error", message: toApiError(error).message });
    }
  };

  return { test, send, dismiss: () => setTest({ state: "idle" }) };
}

/** The test result line: its words and its colour. */
export function describeTest(test: TestEvent): {
  tone: "neutral" | "success" | "warning" | "danger";
  text: string;
} {
  switch (test.state) {
    case "idle":
      return { tone: "neutral", text: "" };
    case "sending":
      return { tone: "neutral", text: "Queuing the test event…" };
    case "error":
      return { tone: "danger", text: `Couldn't send the test event: ${test.message}` };
    case "waiting": {
      const text = testResultText(test.delivery);
      const status = test.delivery?.status;
      if (status === "succeeded") return { tone: "success", text };
      if (status === "failed") return { tone: "danger", text };
      const tone = status === "retrying" ? "warning" : "neutral";
      return { tone, text: test.gaveUp ? `${text} Still being tried: see the delivery log.` : text };
    }
  }
}
