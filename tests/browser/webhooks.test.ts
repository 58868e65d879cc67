import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../../scripts/webhook-receiver.ts";
import { launchChromium, OUTPUT_DIR, screenshot } from "./browser.ts";

/**
 * The webhooks section of Monitors & Alerts, as the owner, against the stack's real delivery
 * queue and a receiver started here (the stack runs with SIGHTLINE_ENV=test, so http://127.0.0.1
 * is allowed): the empty state; a private address refused at the URL field (the SSRF guard's 422);
 * a Standard Webhooks endpoint whose secret is shown once; a test event delivered and its attempt
 * in the log; an endpoint answering 500 with its failed attempts; the banner of an endpoint turned
 * off after ten refusals and "Turn back on"; a redelivery refused while one is being tried (409);
 * a secret rotated; an endpoint deleted.
 */

const SLOW = { timeout: 20_000 };

describe("webhooks in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: WebhookReceiver;
  let projectId = "";
  let orgId = "";
  const pageErrors: string[] = [];

  const api = async (method: "get" | "post", path: string, data?: unknown) => {
    const res = await context.request[method](`${baseUrl}${path}`, { data, headers: { origin: baseUrl } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  const hooksPath = (rest = "") => `/api/v1/projects/${projectId}/webhooks${rest}`;
  /** The endpoint of exactly this name ("Receiver" is in "Broken receiver" too). */
  const row = (name: string): Locator =>
    page
      .getByTestId("webhook-row")
      .filter({ has: page.getByTestId("webhook-name").getByText(name, { exact: true }) });
  const openMonitors = async () => {
    await page.goto(`${baseUrl}/p/${projectId}/monitors`);
    await page.getByTestId("webhooks-section").waitFor();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    receiver = await startWebhookReceiver();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: "light" });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const signup = (await api("post", "/api/v1/auth/signup", {
      name: "Wanda Webhook",
      email: `webhooks-${run}@example.com`,
      password: "webhooks-signed-and-sent-42",
    })) as { organization: { id: string }; project: { id: string } };
    projectId = signup.project.id;
    orgId = signup.organization.id;
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it("explains webhooks when there are none, refuses a private address at the URL field, and shows the secret once", async () => {
    await openMonitors();
    const empty = page.getByTestId("webhooks-empty");
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/Slack.*PagerDuty.*any HTTPS endpoint.*Standard Webhooks/);
    await screenshot(page, "webhooks-empty");

    await empty.getByTestId("add-webhook").click();
    const dialog = page.getByTestId("webhook-dialog");
    await dialog.getByTestId("webhook-name-input").fill("Receiver");
    await dialog.getByTestId("webhook-url-input").fill("https://10.0.0.7:8443/hook");
    await dialog.getByTestId("webhook-submit").click();
    const urlError = dialog.locator(".field--invalid .field__error");
    await urlError.waitFor(SLOW);
    expect(await urlError.textContent()).toMatch(/private network/);
    await screenshot(page, "webhooks-add-422");

    await dialog.getByTestId("webhook-url-input").fill(`${receiver.url}/hooks/ok-${run}/200`);
    await dialog.getByTestId("webhook-submit").click();
    const secret = dialog.getByTestId("webhook-secret");
    await secret.waitFor(SLOW);
    expect(await secret.textContent()).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(await dialog.textContent()).toContain("It will not be shown again");
    await dialog.getByTestId("copy-webhook-secret").waitFor();
    await dialog.getByTestId("webhook-verify-hint").waitFor();
    await page.waitForTimeout(250); // the dialog's fade-in
    await screenshot(page, "webhooks-secret-once");
    await dialog.getByTestId("webhook-secret-done").click();

    const receiverRow = row("Receiver");
    await receiverRow.waitFor(SLOW);
    expect(await receiverRow.getByTestId("webhook-target").textContent()).toContain("127.0.0.1");
    expect(await page.getByTestId("webhooks-section").textContent()).not.toContain("whsec_");
  });

  it("sends a test event, says it was delivered, and lists its attempt in the delivery log", async () => {
    const receiverRow = row("Receiver");
    await receiverRow.getByTestId("webhook-send-test").click();
    const result = receiverRow.getByTestId("webhook-test-result");
    await expect.poll(() => result.getAttribute("data-outcome"), SLOW).toBe("success");
    expect(await result.textContent()).toMatch(/Test event delivered: HTTP 200/);
    expect(receiver.received.get(`ok-${run}`)?.[0]?.headers["webhook-signature"]).toMatch(/^v1,/);

    await receiverRow.getByTestId("webhook-log-toggle").click();
    const delivery = receiverRow.getByTestId("webhook-delivery").first();
    await delivery.waitFor(SLOW);
    expect(await delivery.getAttribute("data-status")).toBe("succeeded");
    expect(await delivery.textContent()).toContain("Test event");
    await delivery.getByTestId("webhook-delivery-toggle").click();
    const attempt = delivery.getByTestId("webhook-attempt");
    await attempt.waitFor();
    expect(await attempt.getByTestId("webhook-attempt-status").textContent()).toBe("HTTP 200");
    expect(await attempt.getByTestId("webhook-attempt-excerpt").textContent()).toContain(
      `answered 200 to request 1 of ok-${run}`,
    );
    await expect
      .poll(() => receiverRow.getByTestId("webhook-last-delivery").getAttribute("data-status"), SLOW)
      .toBe("succeeded");
    await screenshot(page, "webhooks-test-delivered");
  });

  it("shows the failed attempts of an endpoint that answers 500, still retrying", async () => {
    await page.getByTestId("add-webhook").click();
    const dialog = page.getByTestId("webhook-dialog");
    await dialog.getByTestId("webhook-name-input").fill("Broken receiver");
    await dialog.getByTestId("webhook-url-input").fill(`${receiver.url}/hooks/down-${run}/500`);
    await dialog.getByTestId("webhook-event-alert.resolved").click();
    await dialog.getByTestId("webhook-submit").click();
    await dialog.getByTestId("webhook-secret-done").click(SLOW);

    const broken = row("Broken receiver");
    expect(await broken.getByTestId("webhook-events").textContent()).toBe("Alert fired");
    await broken.getByTestId("webhook-send-test").click();
    const result = broken.getByTestId("webhook-test-result");
    await expect.poll(() => result.getAttribute("data-outcome"), SLOW).toBe("warning");
    expect(await result.textContent()).toMatch(/failed: HTTP 500.*Retrying/);

    await broken.getByTestId("webhook-log-toggle").click();
    const delivery = broken.getByTestId("webhook-delivery").first();
    await delivery.waitFor(SLOW);
    await delivery.getByTestId("webhook-delivery-toggle").click();
    // The local queue retries after 1 s, then 4 s: the open log polls and shows the second attempt.
    await expect.poll(() => delivery.getByTestId("webhook-attempt").count(), SLOW).toBeGreaterThanOrEqual(2);
    expect(await delivery.getAttribute("data-status")).toBe("retrying");
    expect(await delivery.getByTestId("webhook-attempt-status").allTextContents()).toEqual(
      expect.arrayContaining(["HTTP 500", "HTTP 500"]),
    );
    expect(await delivery.getByTestId("webhook-attempt-excerpt").first().textContent()).toContain(
      "answered 500",
    );
    await expect
      .poll(() => broken.getByTestId("webhook-last-delivery").getAttribute("data-status"), SLOW)
      .toBe("retrying");
    // Not finished, so not offered for redelivery.
    expect(await delivery.getByTestId("webhook-redeliver").count()).toBe(0);
    await screenshot(page, "webhooks-failed-attempts");
  });

  it("puts an endpoint turned off after ten refusals in a banner, turns it back on, and shows a 409 on redeliver", async () => {
    // Ten refusals (410 is not retried) turn the endpoint off; the eleventh request answers 500.
    const statuses = [...Array<string>(10).fill("410"), "500"].join(",");
    const created = (await api("post", hooksPath(), {
      name: "Gone receiver",
      format: "standard",
      url: `${receiver.url}/hooks/gone-${run}/${statuses}`,
    })) as { id: string };
    for (let i = 0; i < 10; i++) await api("post", hooksPath(`/${created.id}/test`));
    await expect
      .poll(
        async () => ((await api("get", hooksPath(`/${created.id}`))) as { enabled: boolean }).enabled,
        SLOW,
      )
      .toBe(false);

    await openMonitors();
    const banner = page.getByTestId("webhooks-banner");
    await banner.waitFor(SLOW);
    expect(await banner.textContent()).toMatch(
      /Webhook “Gone receiver” was turned off after repeated failures.*after 10 failed deliveries in a row/,
    );
    const gone = row("Gone receiver");
    expect(await gone.getAttribute("data-enabled")).toBe("false");
    await gone.getByTestId("webhook-log-toggle").click();
    await expect.poll(() => gone.getByTestId("webhook-delivery").count(), SLOW).toBe(10);
    await screenshot(page, "webhooks-banner");

    await banner.getByTestId("webhooks-turn-on").click();
    await page.getByTestId("webhooks-banner").waitFor({ state: "detached", ...SLOW });
    expect(await gone.getByTestId("webhook-enabled").isChecked()).toBe(true);

    // Someone else redelivers one meanwhile (it now meets the 500 and retries): this button is stale.
    const first = gone.getByTestId("webhook-delivery").first();
    const deliveries = (await api("get", hooksPath(`/${created.id}/deliveries?limit=1`))) as {
      deliveries: { id: string }[];
    };
    const deliveryId = deliveries.deliveries[0]?.id ?? "";
    await api("post", hooksPath(`/${created.id}/deliveries/${deliveryId}/redeliver`));
    await first.getByTestId("webhook-redeliver").click();
    const conflict = first.getByTestId("webhook-redeliver-error");
    await conflict.waitFor(SLOW);
    expect(await conflict.textContent()).toMatch(/still being tried/);
    await screenshot(page, "webhooks-redeliver-409");
  });

  it("changes an endpoint's name and events, and shows each format's own fields", async () => {
    await row("Gone receiver").getByTestId("webhook-edit").click();
    const dialog = page.getByTestId("webhook-dialog");
    expect(await dialog.getByTestId("webhook-url-input").inputValue()).toBe("");
    await dialog.getByTestId("webhook-name-input").fill("Recovered receiver");
    await dialog.getByTestId("webhook-event-alert.fired").click();
    await dialog.getByTestId("webhook-submit").click();
    const renamed = row("Recovered receiver");
    await renamed.waitFor(SLOW);
    expect(await renamed.getByTestId("webhook-events").textContent()).toBe("Alert resolved");

    await page.getByTestId("add-webhook").click();
    await dialog.getByTestId("webhook-format").getByText("PagerDuty").click();
    await dialog.getByTestId("webhook-routing-key-input").waitFor();
    expect(await dialog.textContent()).toContain("Events API URL");
    await dialog.getByTestId("webhook-name-input").fill("Pager");
    await dialog.getByTestId("webhook-routing-key-input").fill("too-short");
    await dialog.getByTestId("webhook-submit").click();
    await dialog.locator(".field--invalid").first().waitFor(SLOW);
    expect(await dialog.locator(".field--invalid").first().textContent()).toMatch(
      /Routing key.*routing\) key/,
    );
    await page.waitForTimeout(250); // the dialog's fade-in
    await screenshot(page, "webhooks-add-pagerduty");
    await dialog.getByTestId("webhook-format").getByText("Slack").click();
    expect(await dialog.textContent()).toContain("Incoming-webhook URL");
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("lets a member read the endpoints and their log, without the actions", async () => {
    const other = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: "light" });
    const memberPage = await other.newPage();
    memberPage.on("pageerror", (err) => pageErrors.push(`member: ${err.message}`));
    await other.request.post(`${baseUrl}/api/v1/auth/signup`, {
      data: {
        name: "Max Member",
        email: `webhooks-member-${run}@example.com`,
        password: "webhooks-member-reads-42",
      },
      headers: { origin: baseUrl },
    });
    const { inviteUrl } = (await api("post", `/api/v1/orgs/${orgId}/invitations`, { role: "member" })) as {
      inviteUrl: string;
    };
    const accepted = await other.request.post(
      `${baseUrl}/api/v1/invitations/${inviteUrl.split("/invite/")[1] ?? ""}/accept`,
      { data: {}, headers: { origin: baseUrl } },
    );
    expect(accepted.status(), await accepted.text()).toBeLessThan(300);
    await memberPage.goto(`${baseUrl}/p/${projectId}/monitors`);
    const section = memberPage.getByTestId("webhooks-section");
    await section.getByTestId("webhooks-read-only").waitFor(SLOW);
    await expect.poll(() => section.getByTestId("webhook-row").count(), SLOW).toBe(3);
    expect(await section.getByTestId("add-webhook").count()).toBe(0);
    expect(await section.getByTestId("webhook-send-test").count()).toBe(0);
    expect(await section.getByTestId("webhook-enabled").first().isDisabled()).toBe(true);
    const first = section.getByTestId("webhook-row").first();
    await first.getByTestId("webhook-log-toggle").click();
    await first.getByTestId("webhook-delivery").first().waitFor(SLOW);
    expect(await first.getByTestId("webhook-redeliver").count()).toBe(0);
    await screenshot(memberPage, "webhooks-member");
    await other.close();
  });

  it("rotates a secret after a confirmation and deletes an endpoint", async () => {
    const receiverRow = row("Receiver");
    await receiverRow.getByTestId("webhook-rotate").click();
    const confirmDialog = page.getByTestId("confirm-dialog");
    await confirmDialog.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByTestId("webhook-rotated-dialog");
    await rotated.getByTestId("webhook-secret").waitFor(SLOW);
    expect(await rotated.getByTestId("webhook-secret").textContent()).toMatch(/^whsec_/);
    await rotated.getByTestId("webhook-secret-done").click();

    await row("Broken receiver").getByTestId("webhook-delete").click();
    await confirmDialog.getByRole("button", { name: "Delete webhook" }).click();
    await row("Broken receiver").waitFor({ state: "detached", ...SLOW });
    expect(await page.getByTestId("webhook-row").count()).toBe(2);
    await page.getByTestId("webhooks-section").screenshot({ path: join(OUTPUT_DIR, "webhooks-list.png") });
    expect(pageErrors).toEqual([]);
  });
});
