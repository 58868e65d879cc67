import { describe, expect, it } from "vitest";
import type { Webhook } from "../../../api/webhooks";
import { canManageWebhooks, draftOf, EMPTY_DRAFT, inputFrom, patchFrom, validateDraft } from "./webhookForm";

const stored: Webhook = {
  id: "whk_1",
  name: "Pager",
  format: "pagerduty",
  events: ["alert.fired", "alert.resolved"],
  enabled: false,
  targetHint: "events.pagerduty.com …KEY0",
  consecutiveFailures: 10,
  disabledReason: "failures",
  disabledAt: "2026-12-06T10:00:00.000Z",
  createdBy: "owner@example.com",
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
};

describe("who manages webhooks", () => {
  it("is owners and admins only; members and below read", () => {
    expect(canManageWebhooks("owner")).toBe(true);
    expect(canManageWebhooks("admin")).toBe(true);
    expect(canManageWebhooks("member")).toBe(false);
    expect(canManageWebhooks("viewer")).toBe(false);
    expect(canManageWebhooks(null)).toBe(false);
  });
});

describe("the webhook form", () => {
  it("asks for each format's own destination", () => {
    expect(validateDraft(EMPTY_DRAFT, false)).toEqual({
      name: "Give the webhook a name.",
      url: "Where should events be sent?",
    });
    expect(validateDraft({ ...EMPTY_DRAFT, name: "s", format: "slack" }, false).url).toMatch(/Slack/);
    expect(validateDraft({ ...EMPTY_DRAFT, name: "p", format: "pagerduty" }, false)).toEqual({
      routingKey: "Paste the integration's routing key.",
    });
    expect(validateDraft({ ...EMPTY_DRAFT, name: "n", url: "https://x.example", events: [] }, false)).toEqual(
      {
        events: "Choose at least one event.",
      },
    );
  });

  it("sends the fields of the chosen format only, PagerDuty's URL when given", () => {
    const base = { ...EMPTY_DRAFT, name: " On-call ", url: " https://hooks.example.com/a ", routingKey: "K" };
    expect(inputFrom(base)).toEqual({
      name: "On-call",
      format: "standard",
      url: "https://hooks.example.com/a",
      events: ["alert.fired", "alert.resolved"],
      enabled: true,
    });
    expect(inputFrom({ ...base, format: "pagerduty", url: "" })).toEqual({
      name: "On-call",
      format: "pagerduty",
      routingKey: "K",
      events: ["alert.fired", "alert.resolved"],
      enabled: true,
    });
  });

  it("patches only what changed, keeping the sealed URL and key when left empty", () => {
    const draft = draftOf(stored);
    expect(draft.url).toBe("");
    expect(patchFrom(draft, stored)).toEqual({});
    expect(patchFrom({ ...draft, enabled: true, events: ["alert.fired"] }, stored)).toEqual({
      enabled: true,
      events: ["alert.fired"],
    });
    expect(patchFrom({ ...draft, routingKey: "NEWKEY" }, stored)).toEqual({ routingKey: "NEWKEY" });
    expect(validateDraft(draft, true)).toEqual({});
  });
});
