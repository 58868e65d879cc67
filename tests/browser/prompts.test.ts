import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type OpenAIServer, startOpenAIServer } from "../../scripts/openai-server.ts";
import { agentTrace, otlpJson } from "../../workers/test/otlp-builders.ts";
import { launchChromium, screenshot } from "./browser.ts";

/**
 * The prompt registry in the dashboard (issue 16's done-when path): the empty state; a chat
 * prompt created from the dialog (the API's 422 shown at the name); two edits (versions 2 and
 * 3); versions 1 and 3 diffed with the changed words marked; `production` pointed at version 2
 * after a confirmation, and its history; version 2 tried against the scripted OpenAI server
 * (answer, tokens, cost); a trace ingested over OTLP with `sightline.prompt` listed on the
 * version and its chip on the trace page.
 */

const SLOW = { timeout: 15_000 };

describe("prompts in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `support-${run}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let llm: OpenAIServer;
  let projectId = "";
  let ingestKey = "";
  const pageErrors: string[] = [];

  const api = async (method: "get" | "post", path: string, data?: unknown) => {
    const res = await context.request[method](`${baseUrl}${path}`, { data, headers: { origin: baseUrl } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  const promptPage = (query = "") => `${baseUrl}/p/${projectId}/prompts/${name}${query}`;

  /** Saves a version from the editor, changing the system message to `system`. */
  const saveVersion = async (version: number, system: string, message: string) => {
    await page.goto(promptPage("?view=edit"));
    const editor = page.getByTestId("prompt-editor");
    await editor.waitFor();
    await editor.getByTestId("prompt-message-content").first().fill(system);
    await editor.getByTestId("prompt-commit-message").fill(message);
    await editor.getByTestId("save-version").click();
    await page.locator(`[data-testid="version-detail"][data-version="${version}"]`).waitFor(SLOW);
  };

  beforeAll(async () => {
    browser = await launchChromium();
    llm = await startOpenAIServer();
    llm.script([
      {
        path: "/v1/chat/completions",
        bodyIncludes: "politely",
        reply: {
          content: `Tracing records each request ${run}.`,
          usage: { inputTokens: 1000, outputTokens: 200 },
        },
      },
    ]);
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: "light" });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const signup = (await api("post", "/api/v1/auth/signup", {
      name: "Paula Prompt",
      email: `prompts-${run}@example.com`,
      password: "prompts-move-production-42",
    })) as { organization: { id: string }; project: { id: string } };
    projectId = signup.project.id;
    ingestKey = (
      (await api("post", `/api/v1/projects/${projectId}/api-keys`, {
        name: "prompts test",
        scopes: ["ingest"],
      })) as { key: string }
    ).key;
    await api("post", `/api/v1/orgs/${signup.organization.id}/judge-providers`, {
      name: "scripted",
      baseUrl: llm.url,
      apiKey: `sk-prompts-${run}-ABCD1234`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await llm?.close();
  });

  it("explains the registry when empty and creates a chat prompt, the API's 422 at the name field", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/prompts`);
    const empty = page.getByTestId("prompts-empty");
    await empty.waitFor();
    expect(await empty.textContent()).toContain('prompts.get("prompts:/support-answer@production")');
    await screenshot(page, "prompts-empty");

    await empty.getByTestId("new-prompt").click();
    const dialog = page.getByTestId("prompt-dialog");
    await dialog.getByTestId("prompt-name-input").fill("not a name!");
    const [system, user] = [
      dialog.getByTestId("prompt-message-content").nth(0),
      dialog.getByTestId("prompt-message-content").nth(1),
    ];
    await system.fill("You answer questions about {{ product }}.");
    await user.fill("{{ question }}");
    expect(await dialog.getByTestId("prompt-variable").allTextContents()).toEqual(["product", "question"]);
    await dialog.getByTestId("prompt-message-input").fill("first draft");
    await dialog.getByTestId("prompt-submit").click();
    await dialog.locator(".field__error").first().waitFor();
    expect(await dialog.locator(".field--invalid").first().textContent()).toMatch(/Name/);
    await screenshot(page, "prompts-new-422");

    await dialog.getByTestId("prompt-name-input").fill(name);
    await dialog.getByTestId("prompt-tags-input").fill("support, faq");
    await dialog.getByTestId("prompt-submit").click();
    await page.locator('[data-testid="version-detail"][data-version="1"]').waitFor(SLOW);
    await screenshot(page, "prompts-version-1");
  });

  it("saves two more versions from the editor and diffs versions 1 and 3 with the changed words marked", async () => {
    await saveVersion(2, "You answer questions about {{ product }} politely.", "be polite");
    await saveVersion(3, "You reply to support questions about {{ product }} politely.", "support wording");
    expect(await page.getByTestId("prompt-version").count()).toBe(3);
    expect(await page.getByTestId("version-detail").getAttribute("data-version")).toBe("3");

    await page.goto(promptPage("?view=compare&from=1&to=3"));
    const compare = page.getByTestId("prompt-compare");
    await compare.waitFor();
    const added = await compare.locator(".ev-diff__mark--add").allTextContents();
    const removed = await compare.locator(".ev-diff__mark--remove").allTextContents();
    expect(added.join("")).toContain("reply");
    expect(added.join("")).toContain("politely");
    expect(removed.join("")).toContain("answer");
    await screenshot(page, "prompts-diff-1-3");
  });

  it("points production at version 2 after a confirmation naming what apps will serve, and shows its history", async () => {
    await page.goto(promptPage("?view=aliases"));
    const promote = page.getByTestId("promote");
    await promote.waitFor();
    await promote.getByTestId("promote-alias").fill("production");
    await promote.getByTestId("promote-version").selectOption("2");
    await promote.getByTestId("promote-submit").click();
    const confirm = page.getByTestId("confirm-dialog");
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`prompts:/${name}@production will serve version 2`);
    await page.waitForTimeout(300); // the dialog's fade-in
    await screenshot(page, "prompts-promote-confirm");
    await confirm.getByRole("button", { name: "Move production to v2" }).click();
    const history = page.getByTestId("alias-history");
    await history.waitFor(SLOW);
    expect(await history.getByTestId("alias-move").first().textContent()).toMatch(
      new RegExp(`set to v2 by prompts-${run}@example.com`),
    );
    expect(await page.getByTestId("prompt-aliases").first().textContent()).toContain("production → v2");
    await screenshot(page, "prompts-alias-history");

    await page.goto(`${baseUrl}/p/${projectId}/prompts`);
    const row = page.getByTestId("prompts").locator("tr", { hasText: name });
    await row.waitFor();
    expect(await row.getByTestId("prompt-latest").textContent()).toBe("v3");
    expect(await row.getByTestId("prompt-aliases").textContent()).toContain("production → v2");
    await page.getByTestId("prompts-search-by").getByText("Text").click();
    await page.getByTestId("prompts-search").fill("support questions");
    await page.waitForURL(/text=support/);
    await row.waitFor();
    await screenshot(page, "prompts-list");
  });

  it("tries version 2 against the scripted model: answer, tokens and cost", async () => {
    await page.goto(promptPage("?view=versions&version=2"));
    const panel = page.getByTestId("try-panel");
    await panel.waitFor();
    await panel.locator('[data-variable="product"]').fill("Sightline");
    await panel.locator('[data-variable="question"]').fill("What is a trace?");
    await panel.getByTestId("try-model").fill("scripted:/gpt-4o-mini");
    await panel.getByTestId("try-run").click();
    await panel.getByTestId("try-result").waitFor(SLOW);
    expect(await panel.getByTestId("try-output").textContent()).toBe(`Tracing records each request ${run}.`);
    expect(await panel.getByTestId("try-tokens").textContent()).toMatch(/1,000 in · 200 out/);
    // gpt-4o-mini's price: $0.15 / $0.60 per million tokens → $0.00027.
    expect(await panel.getByTestId("try-cost").textContent()).toMatch(/\$0\.00027/);
    await screenshot(page, "prompts-try-it");
  });

  it("lists a trace linked over OTLP (sightline.prompt) on version 2, and the trace page links back", async () => {
    const trace = agentTrace({ startMs: Date.now() - 60_000, question: `Linked ${run}` });
    const root = trace.spans[0];
    if (!root) throw new Error("agentTrace has no root span");
    root.attributes = { ...root.attributes, "sightline.prompt": `prompts:/${name}/2` };
    const res = await fetch(`${baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify(otlpJson(trace.spans)),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    // An expert's verdict on it: the version's traces show their scores.
    await api("post", `/api/v1/projects/${projectId}/traces/${trace.traceId}/assessments`, {
      name: "helpful",
      value: "yes",
    });

    await page.goto(promptPage("?view=versions&version=1"));
    await page.getByTestId("linked-traces-empty").waitFor();
    await page.goto(promptPage("?view=versions&version=2"));
    const link = page.getByTestId("linked-traces").getByTestId("linked-trace");
    await link.waitFor(SLOW);
    const table = page.getByTestId("linked-traces").locator("table");
    await expect.poll(() => table.locator("thead th").allTextContents()).toContain("helpful");
    expect(await table.locator("tbody tr").first().textContent()).toContain("passed");
    await screenshot(page, "prompts-version-traces");

    await page.getByTestId("version-traces-filter").click();
    const filters = page.getByTestId("active-filters");
    await filters.waitFor(SLOW);
    expect(await filters.textContent()).toContain(`Prompt: ${name}/2`);
    await page.getByTestId("trace-row").first().waitFor(SLOW);
    expect(await page.getByTestId("trace-row").count()).toBe(1);
    await screenshot(page, "prompts-trace-list-filter");
    await page.goBack();
    await link.waitFor(SLOW);
    await link.click();
    const chip = page.getByTestId("trace-prompt-link");
    await chip.waitFor(SLOW);
    expect(await chip.textContent()).toBe(`${name}/2`);
    await screenshot(page, "prompts-trace-chip");
    await chip.click();
    await page.getByTestId("version-detail").waitFor();
    expect(await page.getByTestId("version-detail").getAttribute("data-version")).toBe("2");
  });

  it("refuses to delete a prompt production points at, saying why", async () => {
    await page.goto(promptPage());
    await page.getByTestId("delete-prompt").click();
    const dialog = page.getByTestId("delete-prompt-dialog");
    await dialog.getByTestId("type-to-confirm-input").fill(name);
    await dialog.getByRole("button", { name: "Delete prompt" }).click();
    const refused = page.getByTestId("delete-refused");
    await refused.waitFor(SLOW);
    expect(await refused.textContent()).toContain("production");
    await screenshot(page, "prompts-delete-refused");
  });

  it("archives a prompt: gone from the list, back with 'Show archived', and unarchived", async () => {
    await page.getByTestId("archive-prompt").click();
    await page.getByText(`Archived ${name}`).waitFor(SLOW);
    await page.goto(`${baseUrl}/p/${projectId}/prompts`);
    await page.getByTestId("prompts-empty").waitFor(SLOW);
    await page.getByTestId("show-archived").click();
    const row = page.getByTestId("prompts").locator("tr", { hasText: name });
    await row.waitFor(SLOW);
    expect(await row.textContent()).toContain("Archived");
    await row.getByTestId("prompt-link").click();
    await page.getByTestId("archive-prompt").click();
    await page.getByText(`Unarchived ${name}`).waitFor(SLOW);
    await expect.poll(() => page.getByTestId("archive-prompt").textContent(), SLOW).toBe("Archive");
  });

  it("says where to add a judge provider when the organization has none", async () => {
    const other = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: "light" });
    const otherPage = await other.newPage();
    const res = await other.request.post(`${baseUrl}/api/v1/auth/signup`, {
      data: {
        name: "Nora None",
        email: `prompts-none-${run}@example.com`,
        password: "prompts-no-provider-42",
      },
      headers: { origin: baseUrl },
    });
    const { project } = (await res.json()) as { project: { id: string } };
    const created = await other.request.post(`${baseUrl}/api/v1/projects/${project.id}/prompts`, {
      data: { name: "bare", template: "Say {{ word }}" },
      headers: { origin: baseUrl },
    });
    expect(created.status()).toBe(201);
    await otherPage.goto(`${baseUrl}/p/${project.id}/prompts/bare`);
    const none = otherPage.getByTestId("try-no-provider");
    await none.waitFor(SLOW);
    expect(await none.getByRole("link", { name: "Settings → Judge providers" }).getAttribute("href")).toBe(
      "/settings/judge-providers",
    );
    expect(await otherPage.getByTestId("try-run").isDisabled()).toBe(true);
    await screenshot(otherPage, "prompts-try-no-provider");
    await other.close();
    expect(pageErrors).toEqual([]);
  });
});
