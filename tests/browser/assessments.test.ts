import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { agentTrace, otlpJson } from "../../workers/test/otlp-builders.ts";
import { launchChromium, OUTPUT_DIR, screenshot } from "./browser.ts";

/**
 * Assessments in the dashboard: feedback and expectations on the trace page (add, override with
 * history, delete, the server's refusal shown inline), the traces list filtered by feedback and
 * with a feedback column, and the Quality chart on the dashboards page.
 */

const HOUR = 3_600_000;

describe("assessments in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `assessments-${run}@example.com`;
  const reviewed = agentTrace({ startMs: Date.now() - 10 * 60_000, question: `Where is my refund? ${run}` });
  const quiet = agentTrace({ startMs: Date.now() - 20 * 60_000, question: `Nobody rated this ${run}` });
  // Earlier traffic, spread over three days, with feedback an application and a scorer sent.
  const earlier = Array.from({ length: 6 }, (_, index) =>
    agentTrace({ startMs: Date.now() - (index + 1) * 11 * HOUR, question: `Earlier question ${index}` }),
  );

  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let projectId = "";
  let key = "";
  const pageErrors: string[] = [];

  const api = async (method: "POST" | "GET", path: string, data?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  };
  const item = (name: string) => page.locator(`[data-testid="assessment"][data-name="${name}"]`);
  const dialog = () => page.getByTestId("assessment-dialog");
  const rows = () => page.getByTestId("trace-row");
  /** Closes the notifications, so they don't cover what a screenshot is of. */
  const dismissToasts = async () => {
    const close = page.locator("[data-testid=toasts] .toast:not(.is-leaving) .toast__close");
    while ((await close.count()) > 0)
      await close
        .first()
        .click({ timeout: 2000 })
        .catch(() => undefined);
    await expect.poll(() => page.locator("[data-testid=toasts] .toast").count()).toBe(0);
  };
  const shoot = async (locator: Locator, name: string) => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    await locator.screenshot({ path: join(OUTPUT_DIR, `${name}.png`) });
  };

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const signup = await context.request.post(`${baseUrl}/api/v1/auth/signup`, {
      data: {
        name: "Ada Reviewer",
        email,
        password: "feedback-is-a-gift-42",
      },
      headers: { origin: baseUrl },
    });
    expect(signup.status()).toBe(201);
    projectId = ((await signup.json()) as { project: { id: string } }).project.id;
    const created = await context.request.post(`${baseUrl}/api/v1/projects/${projectId}/api-keys`, {
      data: { name: "assessments test", scopes: ["ingest"] },
      headers: { origin: baseUrl },
    });
    expect(created.status()).toBe(201);
    key = ((await created.json()) as { key: string }).key;
    const spans = [reviewed, quiet, ...earlier].flatMap((trace) => trace.spans);
    const res = await fetch(`${baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(otlpJson(spans)),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await api("POST", `/api/v1/projects/${projectId}/assessments/batch`, {
      assessments: [
        ...earlier.flatMap((trace, index) => [
          {
            traceId: trace.traceId,
            name: "helpfulness",
            value: index % 3 !== 1,
            source: { type: "HUMAN", id: `end-user-${index}` },
          },
          {
            traceId: trace.traceId,
            name: "rating",
            value: 2 + (index % 4),
            source: { type: "CODE", id: "rubric@v3" },
          },
        ]),
        {
          traceId: reviewed.traceId,
          name: "correctness",
          value: "yes",
          rationale: "The answer names the refund date and the 3-5 day delay, as the policy says.",
          source: { type: "CODE", id: "correctness-judge@v2" },
          metadata: { model: "gpt-4o-mini", costUsd: 0.00042, inputTokens: 812, outputTokens: 37 },
        },
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("says how to add feedback on a trace without any", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/traces/${quiet.traceId}`);
    const empty = page.getByTestId("assessments-empty");
    await empty.waitFor();
    expect(await empty.textContent()).toContain("No feedback yet");
    await shoot(page.getByTestId("assessments-panel"), "assessments-empty");
  });

  it("lists what a scorer sent, with its source and cost", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/traces/${reviewed.traceId}`);
    await item("correctness").waitFor();
    expect(await page.getByTestId("expectations-group").textContent()).toContain("No expectations yet");
    expect(await item("correctness").getByTestId("assessment-source").textContent()).toBe("Code");
    expect(await item("correctness").getByTestId("assessment-meta").textContent()).toContain(
      "correctness-judge@v2",
    );
    expect(await item("correctness").getByTestId("assessment-cost").textContent()).toContain("$0.00042");
  });

  it("adds thumbs-down feedback with a rationale, listed with its author", async () => {
    await page.getByTestId("add-feedback").click();
    await dialog().waitFor();
    await page.getByTestId("feedback-name").fill("helpfulness");
    await page.getByTestId("feedback-thumbs-down").click();
    await page.getByTestId("assessment-rationale-input").fill("It never says when the refund arrives.");
    await shoot(dialog().locator(".dialog__panel"), "assessments-feedback-dialog");
    await page.getByTestId("assessment-submit").click();
    await item("helpfulness").waitFor();
    expect(await dialog().count()).toBe(0);
    const added = item("helpfulness");
    expect(await added.getByTestId("assessment-value").getAttribute("data-value")).toBe("false");
    expect(await added.getByTestId("assessment-rationale").textContent()).toBe(
      "It never says when the refund arrives.",
    );
    expect(await added.getByTestId("assessment-author").textContent()).toBe(email);
    expect(await added.getByTestId("assessment-source").textContent()).toBe("Human");
  });

  it("overrides it to thumbs up, and shows the old value in its history", async () => {
    await item("helpfulness").getByTestId("assessment-override").click();
    await dialog().waitFor();
    expect(await page.getByTestId("feedback-thumbs-down").getAttribute("aria-pressed")).toBe("true");
    await page.getByTestId("feedback-thumbs-up").click();
    await page
      .getByTestId("assessment-rationale-input")
      .fill("Re-read it: the date is in the second sentence.");
    await page.getByTestId("assessment-submit").click();
    await expect
      .poll(() => item("helpfulness").getByTestId("assessment-value").first().getAttribute("data-value"))
      .toBe("true");
    expect(await item("helpfulness").count()).toBe(1);
    expect(await item("helpfulness").getByTestId("assessment-show-history").textContent()).toContain(
      "1 earlier value",
    );

    await page.getByTestId("assessments-history-toggle").check();
    const older = item("helpfulness").getByTestId("assessment-history-item");
    await older.waitFor();
    expect(await older.getByTestId("assessment-value").getAttribute("data-value")).toBe("false");
    expect(await older.textContent()).toContain("Overridden");
    expect(await older.getByTestId("assessment-author").textContent()).toBe(email);
    expect(await older.getByTestId("assessment-rationale").textContent()).toContain("never says");
  });

  it("shows the server's refusal of an expectation inline, then adds expected_facts", async () => {
    await page.getByTestId("add-expectation").click();
    await dialog().waitFor();
    await page.getByTestId("expectation-name").selectOption("expected_facts");
    const json = page.getByTestId("expectation-json");
    expect(JSON.parse(await json.inputValue())).toEqual(expect.arrayContaining([expect.any(String)]));
    // An empty list is valid JSON the server refuses (expected_facts needs at least one fact).
    await json.fill("[]");
    await page.getByTestId("assessment-submit").click();
    await expect.poll(() => dialog().locator(".field__error").textContent()).toContain("expected_facts");
    await shoot(dialog().locator(".dialog__panel"), "assessments-expectation-refused");
    await json.fill(JSON.stringify(["The refund was issued on Monday", "It takes 3-5 days"]));
    await page.getByTestId("assessment-submit").click();
    await item("expected_facts").waitFor();
    expect(await item("expected_facts").locator("li").allTextContents()).toEqual([
      "The refund was issued on Monday",
      "It takes 3-5 days",
    ]);
  });

  it("deletes feedback after a confirmation, keeping it in the history", async () => {
    await page.getByTestId("add-feedback").click();
    await page.getByTestId("feedback-name").fill("tone");
    await page.getByTestId("feedback-type").getByText("Label").click();
    await page.getByTestId("feedback-label").fill("too formal");
    await page.getByTestId("assessment-submit").click();
    await item("tone").waitFor();
    await item("tone").getByTestId("assessment-delete").click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("deleted-group").locator('[data-name="tone"]').waitFor();
    expect(await page.getByTestId("feedback-group").locator('[data-name="tone"]').count()).toBe(0);

    await dismissToasts();
    await page.getByTestId("assessments-history-toggle").uncheck();
    await page.getByTestId("assessments-panel").scrollIntoViewIfNeeded();
    await screenshot(page, "assessments-trace-page");
    await page.getByTestId("assessments-history-toggle").check();
    await shoot(page.getByTestId("assessments-panel"), "assessments-panel");
  });

  it("filters the traces list by feedback that passed, with a feedback column", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/traces`);
    await expect.poll(() => rows().count()).toBe(8);
    await page.getByTestId("filter-more").click();
    await page.getByTestId("filter-feedback-name").fill("helpfulness");
    await page.getByTestId("filter-feedback-condition").selectOption("passed");
    await page.getByTestId("filter-feedback-add").click();
    await page.waitForURL(/passed=helpfulness/);
    // The reviewed trace (overridden to thumbs up) and four of the six earlier ones.
    await expect.poll(() => rows().count()).toBe(5);
    expect(await rows().first().getAttribute("data-trace-id")).toBe(reviewed.traceId);

    await page.getByTestId("column-chooser").click();
    await page.getByTestId("column-toggle-feedback-helpfulness").click();
    await page.getByTestId("column-toggle-feedback-rating").click();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("feedback-mark").count()).toBeGreaterThanOrEqual(9);
    const marks = await page
      .locator('[data-testid="feedback-mark"][data-passed]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-passed")));
    expect(marks).toEqual(["true", "true", "true", "true", "true"]);
    await screenshot(page, "assessments-traces-list");

    // The same filter read back from a shared link, and its opposite.
    await page.goto(`${baseUrl}/p/${projectId}/traces?failed=helpfulness`);
    await expect.poll(() => rows().count()).toBe(2);
    expect(await page.getByTestId("active-filters").textContent()).toContain("helpfulness failed");
  });

  it("charts feedback quality on the dashboards page", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/dashboards`);
    const quality = page.getByTestId("chart-quality");
    await quality.getByTestId("quality-totals").waitFor();
    await expect.poll(() => quality.locator("canvas").count()).toBeGreaterThanOrEqual(2);
    const totals = await page
      .getByTestId("quality-total")
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-name")));
    expect(totals).toEqual(["helpfulness", "rating", "correctness"]);
    // Five of seven passed: the reviewed trace counts its override, not the first thumbs down.
    expect(
      await page.locator('[data-testid="quality-total"][data-name="helpfulness"]').textContent(),
    ).toContain("71%");
    await quality.scrollIntoViewIfNeeded();
    await shoot(quality, "assessments-quality");
  });

  it("raised no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
