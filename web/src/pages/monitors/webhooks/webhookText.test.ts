import { describe, expect, it } from "vitest";
import type { Webhook, WebhookAttempt, WebhookDelivery } from "../../../api/webhooks";
import {
  answerOf,
  attemptError,
  attemptSummary,
  bannerTitle,
  excerptPreview,
  isFinished,
  mergeFirstPage,
  testResultText,
  turnedOffByFailures,
  turnedOffSentence,
} from "./webhookText";

const NOW = Date.parse("2026-12-06T12:00:00.000Z");

const hook = (over: Partial<Webhook>): Webhook => ({
  id: "whk_1",
  name: "On-call",
  format: "standard",
  events: ["alert.fired", "alert.resolved"],
  enabled: true,
  targetHint: "hooks.example.com …line",
  consecutiveFailures: 0,
  disabledReason: null,
  disabledAt: null,
  createdBy: "owner@example.com",
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
  ...over,
});

const attempt = (over: Partial<WebhookAttempt>): WebhookAttempt => ({
  id: "wha_1",
  run: 1,
  httpStatus: 200,
  latencyMs: 42,
  responseExcerpt: null,
  error: null,
  succeeded: true,
  at: "2026-12-06T11:59:00.000Z",
  ...over,
});

const delivery = (over: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: "whd_1",
  webhookId: "whk_1",
  eventType: "webhook.test",
  eventId: "evt_1",
  status: "pending",
  attempts: 0,
  lastHttpStatus: null,
  lastError: null,
  createdAt: "2026-12-06T11:59:00.000Z",
  completedAt: null,
  attemptLog: [],
  ...over,
});

describe("the failure banner", () => {
  it("lists only endpoints the platform turned off, not ones turned off by hand or back on", () => {
    const off = hook({ id: "a", enabled: false, disabledReason: "failures", consecutiveFailures: 10 });
    const byHand = hook({ id: "b", enabled: false });
    const on = hook({ id: "c" });
    expect(turnedOffByFailures([off, byHand, on]).map((w) => w.id)).toEqual(["a"]);
  });

  it("names the one endpoint, or counts several", () => {
    const off = hook({ enabled: false, disabledReason: "failures" });
    expect(bannerTitle([off])).toBe("Webhook “On-call” was turned off after repeated failures");
    expect(bannerTitle([off, { ...off, id: "x" }])).toBe(
      "2 webhooks were turned off after repeated failures",
    );
  });

  it("says when and after how many failures", () => {
    const off = hook({
      enabled: false,
      disabledReason: "failures",
      consecutiveFailures: 10,
      disabledAt: "2026-12-06T10:00:00.000Z",
    });
    expect(turnedOffSentence(off, NOW)).toMatch(
      /^Turned off 2 hours ago after 10 failed deliveries in a row/,
    );
    expect(turnedOffSentence({ ...off, disabledAt: null, consecutiveFailures: 1 }, NOW)).toMatch(
      /^Turned off after 1 failed delivery in a row/,
    );
  });
});

describe("attempts in words", () => {
  it("gives the HTTP status and latency, or says there was no answer", () => {
    expect(attemptSummary(attempt({ httpStatus: 500, latencyMs: 12 }))).toBe("HTTP 500 · 12 ms");
    expect(answerOf(attempt({ httpStatus: null }))).toBe("No answer");
    expect(attemptSummary(attempt({ httpStatus: null, latencyMs: 10_000 }))).toBe("No answer · 10.0 s");
  });

  it("shows an attempt's error only when it says more than its status", () => {
    expect(attemptError(attempt({ httpStatus: 500, error: "HTTP 500" }))).toBeNull();
    expect(
      attemptError(attempt({ httpStatus: 302, error: "redirected to x (redirects are not followed)" })),
    ).toBe("redirected to x (redirects are not followed)");
    expect(attemptError(attempt({ httpStatus: null, error: "no answer within 10 s" }))).toBe(
      "no answer within 10 s",
    );
  });

  it("cuts a long answer and flattens its whitespace", () => {
    expect(excerptPreview("ok\n  done")).toBe("ok done");
    const long = "x".repeat(500);
    const cut = excerptPreview(long, 50);
    expect(cut).toHaveLength(50);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("knows which deliveries are finished (the ones that can be redelivered)", () => {
    expect(["pending", "retrying", "succeeded", "failed"].filter((s) => isFinished(s as "pending"))).toEqual([
      "succeeded",
      "failed",
    ]);
  });
});

describe("the test event's result", () => {
  it("waits, reports a retry, a success and a failure", () => {
    expect(testResultText(null)).toBe("Sending the test event…");
    expect(testResultText(delivery({}))).toBe("Sending the test event…");
    expect(
      testResultText(
        delivery({
          status: "retrying",
          attempts: 2,
          attemptLog: [attempt({ httpStatus: 500, latencyMs: 8, succeeded: false })],
        }),
      ),
    ).toBe("Attempt 2 failed: HTTP 500 · 8 ms. Retrying…");
    expect(testResultText(delivery({ status: "succeeded", attempts: 1, attemptLog: [attempt({})] }))).toBe(
      "Test event delivered: HTTP 200 · 42 ms.",
    );
    expect(
      testResultText(
        delivery({
          status: "failed",
          attempts: 1,
          lastError: "HTTP 410",
          attemptLog: [attempt({ httpStatus: 410, succeeded: false })],
        }),
      ),
    ).toBe("Test event failed: HTTP 410 · 42 ms (HTTP 410).");
  });
});

describe("refreshing the delivery log", () => {
  it("puts the fresh first page on top and keeps older pages", () => {
    const id = (d: { id: string }) => d.id;
    const loaded = [
      { id: "3", v: "old" },
      { id: "2", v: "old" },
      { id: "1", v: "old" },
    ];
    const fresh = [
      { id: "4", v: "new" },
      { id: "3", v: "new" },
    ];
    expect(mergeFirstPage(fresh, loaded, id)).toEqual([
      { id: "4", v: "new" },
      { id: "3", v: "new" },
      { id: "2", v: "old" },
      { id: "1", v: "old" },
    ]);
  });
});
