import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type OpenAIServer, startOpenAIServer } from "../../scripts/openai-server.ts";
import { agentTrace, otlpJson } from "../../workers/test/otlp-builders.ts";
import { launchChromium, OUTPUT_DIR } from "./browser.ts";

/**
 * Scorers in the dashboard: a custom judge written in the template editor (an unknown variable
 * named, then fixed), run in the playground on an ingested trace against the scripted OpenAI
 * server and saved as feedback; a rule scorer edited into version 2 with its diff; a Guidelines
 * judge registered from its card (the API's refusal shown by its field), given a second guideline
 * as version 2 and run in the playground; the judge budget on Settings → Judge providers.
 */

describe("scorers in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const trace = agentTrace({ startMs: Date.now() - 5 * 60_000, question: `Where is my refund? ${run}` });
  const rationale = `The answer gives the refund date and the delay ${run}.`;
  const refundRule = "Never promise a refund date.";
  const guidelinesRationale = `The response promises a refund date ${run}.`;

  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let llm: OpenAIServer;
  let projectId = "";
  const pageErrors: string[] = [];

  const post = async (path: string, data: unknown) => {
    const res = await context.request.post(`${baseUrl}${path}`, { data, headers: { origin: baseUrl } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  const shoot = async (locator: Locator, name: string) => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    await locator.screenshot({ path: join(OUTPUT_DIR, `${name}.png`) });
  };
  const dismissToasts = async () => {
    const close = page.locator("[data-testid=toasts] .toast:not(.is-leaving) .toast__close");
    while ((await close.count()) > 0)
      await close
        .first()
        .click({ timeout: 2000 })
        .catch(() => undefined);
    await expect.poll(() => page.locator("[data-testid=toasts] .toast").count()).toBe(0);
  };

  beforeAll(async () => {
    browser = await launchChromium();
    llm = await startOpenAIServer();
    llm.script([
      {
        // The Guidelines judge's version 2, whose second guideline the trace's answer breaks.
        path: "/v1/chat/completions",
        bodyIncludes: refundRule,
        reply: { content: JSON.stringify({ rationale: guidelinesRationale, value: "no" }) },
      },
      {
        path: "/v1/chat/completions",
        reply: {
          content: JSON.stringify({ rationale, value: "yes" }),
          usage: { inputTokens: 420, outputTokens: 30 },
        },
      },
    ]);
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: "light" });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const signup = (await post("/api/v1/auth/signup", {
      name: "Sam Scorer",
      email: `scorers-${run}@example.com`,
      password: "scorers-score-things-42",
    })) as { organization: { id: string }; project: { id: string } };
    projectId = signup.project.id;
    const { key } = (await post(`/api/v1/projects/${projectId}/api-keys`, {
      name: "scorers test",
      scopes: ["ingest"],
    })) as { key: string };
    const res = await fetch(`${baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(otlpJson(trace.spans)),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await post(`/api/v1/orgs/${signup.organization.id}/judge-providers`, {
      name: "scripted",
      baseUrl: llm.url,
      apiKey: `sk-scorers-${run}-ABCD1234`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await llm?.close();
  });

  it("explains scorers when there are none, with the built-in rule kinds", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/scorers`);
    const empty = page.getByTestId("scorers-empty");
    await empty.waitFor();
    expect(await empty.textContent()).toContain("Judge providers");
    expect(await page.getByTestId("rule-kind").count()).toBe(12);
    const facts = await page.locator('[data-testid=rule-kind][data-kind="facts_coverage"]').textContent();
    expect(facts).toContain("expected_facts");
  });

  it("writes a custom judge in the template editor, warned of an unknown variable", async () => {
    await page.getByTestId("scorers-empty").getByTestId("new-scorer").click();
    await page.getByTestId("scorer-editor").waitFor();
    await page.getByTestId("scorer-name").fill("resolves_question");
    await page.getByTestId("judge-instructions").fill("Is {{ question }} answered?\nAnswer: {{ outputs }}");
    await expect.poll(() => page.getByTestId("template-unknown").textContent()).toBe("{{ question }}");
    await page.getByTestId("list-models").click();
    await page.getByTestId("model-options").getByText("scripted:/gpt-4o-mini", { exact: true }).click();
    expect(await page.getByTestId("judge-model").inputValue()).toBe("scripted:/gpt-4o-mini");
    await shoot(page.getByTestId("scorer-editor"), "scorers-editor-warning");

    await page
      .getByTestId("judge-instructions")
      .fill("Is the question answered?\nAnswer: {{ outputs }}\nQuestion: ");
    await page.getByTestId("insert-inputs").click();
    await expect
      .poll(() => page.getByTestId("judge-instructions").inputValue())
      .toContain("Question: {{ inputs }}");
    expect(await page.getByTestId("template-unknown").count()).toBe(0);
    await page.getByTestId("save-scorer").click();
    await page.waitForURL(/\/scorers\/scr_/);
    await expect.poll(() => page.getByTestId("scorer-latest-version").textContent()).toBe("Version 1");
  });

  it("runs the judge in the playground on the trace, then saves the result as feedback", async () => {
    await dismissToasts();
    await page.getByTestId("playground-run").click();
    const result = page.getByTestId("playground-result");
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getByTestId("assessment-value").getAttribute("data-value")).toBe("yes");
    expect(await page.getByTestId("playground-rationale").textContent()).toBe(rationale);
    expect(await page.getByTestId("playground-tokens").textContent()).toContain("420");
    expect(await page.getByTestId("playground-cost").textContent()).toMatch(/\$/);
    await shoot(page.getByTestId("playground"), "scorers-playground-result");

    await page.getByTestId("playground-persist").click();
    await page.getByTestId("playground-trace-link").click();
    await page.waitForURL(new RegExp(`/traces/${trace.traceId}`));
    const item = page.locator('[data-testid="assessment"][data-name="resolves_question"]');
    await item.waitFor();
    expect(await item.textContent()).toContain(rationale);
  });

  it("makes a rule scorer, edits it into version 2 and shows the diff", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/scorers/new`);
    await page.getByTestId("scorer-name").fill("mentions_refund");
    await page.getByTestId("scorer-type").getByText("Rule", { exact: true }).click();
    await page.getByTestId("rule-kind").selectOption("contains");
    await page.getByTestId("rule-keywords").fill("refund");
    await page.getByTestId("save-scorer").click();
    await page.waitForURL(/\/scorers\/scr_/);
    await expect.poll(() => page.getByTestId("scorer-latest-version").textContent()).toBe("Version 1");

    await page.getByTestId("rule-keywords").fill("refund\ndays");
    await page.getByTestId("version-message").fill("Also ask for the delay");
    await page.getByTestId("save-scorer").click();
    await expect.poll(() => page.getByTestId("scorer-latest-version").textContent()).toBe("Version 2");
    const diff = page.getByTestId("version-diff");
    await expect
      .poll(() => diff.locator('[data-op="add"]').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('"days"')]));
    await dismissToasts();
    await shoot(page.getByTestId("version-history"), "scorers-version-diff");

    await page.goto(`${baseUrl}/p/${projectId}/scorers`);
    await page.getByTestId("scorers-table").waitFor();
    expect(await page.getByTestId("scorer-name-cell").allTextContents()).toEqual(
      expect.arrayContaining(["resolves_question", "mentions_refund"]),
    );
    await shoot(page.locator("main"), "scorers-list");
  });

  it("registers a Guidelines judge from its card, with the API's refusal by its field", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/scorers`);
    const catalog = page.getByTestId("judge-catalog");
    await catalog.getByTestId("builtin-judge-card").first().waitFor();
    expect(await catalog.getByTestId("builtin-judge-card").count()).toBe(19);
    const card = catalog.locator('[data-testid=builtin-judge-card][data-judge="guidelines"]');
    expect(await card.textContent()).toContain("guidelines in the scorer");
    await shoot(catalog, "scorers-judge-catalog");

    await card.getByTestId("use-judge").click();
    await page.waitForURL(/\/scorers\/new\?judge=guidelines/);
    const editor = page.getByTestId("scorer-editor");
    await editor.getByTestId("builtin-form").waitFor();
    expect(await page.getByTestId("builtin-judge").inputValue()).toBe("guidelines");
    expect(await page.getByTestId("scorer-name").inputValue()).toBe("guidelines");
    await page.getByTestId("scorer-name").fill("tone");

    // Nothing typed: the editor says what is missing before asking the server.
    await page.getByTestId("save-scorer").click();
    expect(await page.getByTestId("guidelines-error").textContent()).toContain("at least one guideline");
    await page.getByTestId("guideline-input").fill("Answer in a friendly, professional tone.");
    // A model URI the editor lets through and the API refuses (over 300 characters): said by the field.
    await page.getByTestId("judge-model").fill(`scripted:/${"m".repeat(300)}`);
    await page.getByTestId("save-scorer").click();
    const modelError = editor.locator(".model-picker .field__error");
    await expect.poll(() => modelError.textContent()).toMatch(/300/);
    expect(await page.getByTestId("guidelines-error").count()).toBe(0);
    await shoot(editor, "scorers-builtin-refused");

    await page.getByTestId("list-models").click();
    await page.getByTestId("model-options").getByText("scripted:/gpt-4o-mini", { exact: true }).click();
    expect(await modelError.count()).toBe(0);
    await page.getByTestId("guideline-add").click();
    await page.getByTestId("guideline-input").nth(1).fill("Sign with the team's name.");
    await shoot(editor, "scorers-builtin-editor");
    await page.getByTestId("save-scorer").click();
    await page.waitForURL(/\/scorers\/scr_/);
    await expect.poll(() => page.getByTestId("scorer-latest-version").textContent()).toBe("Version 1");
    expect(await page.getByTestId("kind-builtin").textContent()).toBe("built-in · Guidelines");
    expect(await page.getByTestId("guideline-input").count()).toBe(2);
  });

  it("edits the Guidelines judge into version 2 with its diff, and runs it in the playground", async () => {
    await page.getByTestId("guideline-remove").nth(1).click();
    await page.getByTestId("guideline-add").click();
    await page.getByTestId("guideline-input").nth(1).fill(refundRule);
    await page.getByTestId("version-message").fill("The refund rule instead of the signature");
    await page.getByTestId("save-scorer").click();
    await expect.poll(() => page.getByTestId("scorer-latest-version").textContent()).toBe("Version 2");
    const diff = page.getByTestId("version-diff");
    await expect
      .poll(() => diff.locator('[data-op="add"]').allTextContents())
      .toEqual([expect.stringContaining(refundRule)]);
    expect(await diff.locator('[data-op="remove"]').allTextContents()).toEqual([
      expect.stringContaining("Sign with the team's name."),
    ]);
    await dismissToasts();

    // The latest version, on the ingested trace: the scripted judge finds the refund rule broken.
    expect(await page.getByTestId("playground-scorer").locator("option:checked").textContent()).toBe(
      "Version 2 (latest)",
    );
    await page.getByTestId("playground-run").click();
    const result = page.getByTestId("playground-result");
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getByTestId("assessment-value").getAttribute("data-value")).toBe("no");
    expect(await page.getByTestId("playground-passed").textContent()).toBe("Failed");
    expect(await page.getByTestId("playground-rationale").textContent()).toBe(guidelinesRationale);
    const asked = llm.requests.filter(
      (r) => r.path === "/v1/chat/completions" && JSON.stringify(r.body).includes(refundRule),
    );
    expect(asked).toHaveLength(1);
    expect(JSON.stringify(asked[0]?.body)).toContain("Answer in a friendly, professional tone.");
    await shoot(page.locator("main"), "scorers-builtin-page");

    await page.goto(`${baseUrl}/p/${projectId}/scorers`);
    await page.getByTestId("scorers-table").waitFor();
    const row = page.getByRole("row").filter({ hasText: "tone" });
    expect(await row.getByTestId("kind-builtin").textContent()).toBe("built-in · Guidelines");
    expect(await row.getByTestId("scorer-version-cell").textContent()).toBe("v2");
  });

  it("sets a monthly judge budget and shows the spend against it", async () => {
    await page.goto(`${baseUrl}/settings/judge-providers`);
    const card = page.getByTestId("judge-spend-card");
    await card.waitFor();
    await card.getByTestId("judge-budget-input").fill("5");
    await card.getByTestId("judge-settings-save").click();
    await expect.poll(() => card.getByTestId("judge-budget").textContent()).toMatch(/\$5/);
    expect(await card.locator(".spend-bar").count()).toBe(1);
    await dismissToasts();
    await shoot(card, "scorers-spend-card");
    expect(pageErrors).toEqual([]);
  });
});
