import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { agentTrace, otlpJson } from "../../workers/test/otlp-builders.ts";
import { launchChromium, screenshot } from "./browser.ts";

/**
 * Project deep links (issue 11): a link names its project (`/p/{projectId}/…`), opens the same page
 * in another member's browser, answers not-found to anyone else, and old links without the project
 * find their way. Three people, each in a browser context of their own: an owner, a member the owner
 * invited, and someone from another organization.
 */

interface Person {
  context: BrowserContext;
  page: Page;
  orgId: string;
  projectId: string;
}

describe("project deep links in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const sessionId = `deep-${run}`;
  const answered = agentTrace({ startMs: Date.now() - 120_000, sessionId, question: `Refund for ${run}?` });
  const failed = agentTrace({ startMs: Date.now() - 60_000, error: true, question: `Cancel order ${run}` });
  const elsewhere = agentTrace({ startMs: Date.now() - 30_000, question: `Default project ${run}` });
  const chatSpanId = answered.spans[2]?.spanId ?? "";

  let browser: Browser;
  let owner: Person;
  let member: Person;
  let outsider: Person;
  /** The second project of the owner's organization, where the shared trace lives. */
  let checkoutId = "";
  let shared = "";
  const pageErrors: string[] = [];

  const post = async (context: BrowserContext, path: string, data: unknown) => {
    const res = await context.request.post(`${baseUrl}${path}`, { data, headers: { origin: baseUrl } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };

  async function person(name: string): Promise<Person> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: "light",
    });
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(`${name}: ${err.message}`));
    const body = (await post(context, "/api/v1/auth/signup", {
      name,
      email: `${name.toLowerCase()}-${run}@example.com`,
      password: `${name} deep-link password`,
    })) as { organization: { id: string }; project: { id: string } };
    return { context, page, orgId: body.organization.id, projectId: body.project.id };
  }

  async function ingest(projectId: string, spans: (typeof answered)["spans"]): Promise<void> {
    const { key } = (await post(owner.context, `/api/v1/projects/${projectId}/api-keys`, {
      name: "deep-link ingest",
      scopes: ["ingest"],
    })) as { key: string };
    const res = await fetch(`${baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(otlpJson(spans)),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  const url = (path: string) => `${baseUrl}${path}`;
  const rows = (page: Page) => page.getByTestId("trace-row");
  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? "";

  beforeAll(async () => {
    browser = await launchChromium();
    owner = await person("Owner");
    member = await person("Member");
    outsider = await person("Outsider");

    checkoutId = (
      (await post(owner.context, "/api/v1/projects", { orgId: owner.orgId, name: "Checkout" })) as {
        id: string;
      }
    ).id;
    await ingest(checkoutId, [...answered.spans, ...failed.spans]);
    await ingest(owner.projectId, elsewhere.spans);

    // The member joins the owner's organization through an invitation link, as a person would.
    const { inviteUrl } = (await post(owner.context, `/api/v1/orgs/${owner.orgId}/invitations`, {
      role: "member",
    })) as { inviteUrl: string };
    const token = inviteUrl.split("/invite/")[1] ?? "";
    await post(member.context, `/api/v1/invitations/${token}/accept`, {});
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("opens a project's trace list and a trace by their URLs, the selected span in the query", async () => {
    const { page } = owner;
    await page.goto(url(`/p/${checkoutId}/traces`));
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await text(page, "current-project")).toBe("Checkout");
    expect(await page.getByTestId("nav-traces").getAttribute("href")).toBe(`/p/${checkoutId}/traces`);
    await page.getByTestId("traces-end").waitFor();
    await screenshot(page, "deep-links-traces-list");

    await page.locator(`[data-trace-id="${answered.traceId}"]`).getByTestId("trace-link").click();
    await page.waitForURL(url(`/p/${checkoutId}/traces/${answered.traceId}`));
    await expect.poll(() => page.getByTestId("span-row").count()).toBe(4);
    await page.locator(`[data-testid="span-row"][data-span-id="${chatSpanId}"]`).click();
    await page.waitForURL(url(`/p/${checkoutId}/traces/${answered.traceId}?span=${chatSpanId}`));
    shared = page.url();
    await screenshot(page, "deep-links-trace");
  });

  it("opens the same trace and span for another member of the organization, and after a reload", async () => {
    const { page } = member;
    await page.goto(shared);
    await expect.poll(() => text(page, "page-title")).toBe("support_agent");
    await expect.poll(() => page.getByTestId("span-detail").getAttribute("data-span-id")).toBe(chatSpanId);
    expect(await text(page, "current-project")).toBe("Checkout");
    expect(page.url()).toBe(shared);
    await screenshot(page, "deep-links-trace-member");

    await page.reload();
    await expect.poll(() => page.getByTestId("span-detail").getAttribute("data-span-id")).toBe(chatSpanId);
    expect(page.url()).toBe(shared);

    // A filtered list reproduces too.
    await page.goto(url(`/p/${checkoutId}/traces?status=ERROR`));
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().getAttribute("data-trace-id")).toBe(failed.traceId);
  });

  it("answers a member of another organization with the not-found page, never the project's data", async () => {
    const { page } = outsider;
    const projectCalls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes(`/api/v1/projects/${checkoutId}`)) projectCalls.push(request.url());
    });

    await page.goto(shared);
    await page.getByTestId("not-found").waitFor();
    expect(page.url()).toBe(shared);
    const body = (await page.locator("main").textContent()) ?? "";
    expect(body).not.toContain("support_agent");
    expect(body).not.toContain(run);
    expect(await page.getByTestId("current-project").textContent()).not.toBe("Checkout");
    expect(await text(page, "breadcrumb-current")).toBe("Page not found");
    expect(await page.locator(`a[href^="/p/${checkoutId}"]`).count()).toBe(0);
    await screenshot(page, "deep-links-not-found");

    // The list answers the same: not an empty list, not an error.
    await page.goto(url(`/p/${checkoutId}/traces`));
    await page.getByTestId("not-found").waitFor();
    expect(await page.getByTestId("traces-empty").count()).toBe(0);
    expect(await page.getByTestId("load-error").count()).toBe(0);
    expect(await page.locator("[data-testid=toasts] .toast").count()).toBe(0);
    // Nothing was asked of the project's API.
    expect(projectCalls).toEqual([]);
  });

  it("sends old links without a project to the prefixed URL", async () => {
    const { page } = member;
    // A trace or session: its project comes from the server, the query string is kept.
    await page.goto(url(`/traces/${answered.traceId}?span=${chatSpanId}`));
    await page.waitForURL(url(`/p/${checkoutId}/traces/${answered.traceId}?span=${chatSpanId}`));
    await expect.poll(() => page.getByTestId("span-detail").getAttribute("data-span-id")).toBe(chatSpanId);
    await page.goto(url(`/sessions/${sessionId}`));
    await page.waitForURL(url(`/p/${checkoutId}/sessions/${sessionId}`));
    await expect.poll(() => page.getByTestId("session-turn").count()).toBe(1);

    // Other pages open in the project used last, here the one the links opened.
    await page.goto(url("/dashboards?range=24h"));
    await page.waitForURL(url(`/p/${checkoutId}/dashboards?range=24h`));
    await page.goto(url("/"));
    await page.waitForURL(url(`/p/${checkoutId}`));

    // For someone who can't see it, an old trace link is not found either.
    await outsider.page.goto(url(`/traces/${answered.traceId}`));
    await outsider.page.getByTestId("not-found").waitFor();
    expect(outsider.page.url()).toBe(url(`/traces/${answered.traceId}`));
  });

  it("keeps the section when switching project", async () => {
    const { page } = owner;
    await page.goto(url(`/p/${checkoutId}/traces`));
    await expect.poll(() => rows(page).count()).toBe(2);
    await page.getByTestId("project-switcher").click();
    await page.getByTestId("project-option").filter({ hasText: "Default" }).click();
    await page.waitForURL(url(`/p/${owner.projectId}/traces`));
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().getAttribute("data-trace-id")).toBe(elsewhere.traceId);
    expect(await text(page, "current-project")).toBe("Default");
  });

  it("walks back and forward through filters and pages", async () => {
    const { page } = owner;
    await page.goto(url(`/p/${checkoutId}/traces`));
    await expect.poll(() => rows(page).count()).toBe(2);
    await page.getByTestId("filter-status").selectOption("ERROR");
    await page.waitForURL(/status=ERROR/);
    await expect.poll(() => rows(page).count()).toBe(1);

    await page.goBack();
    await page.waitForURL(url(`/p/${checkoutId}/traces`));
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await page.getByTestId("filter-status").inputValue()).toBe("");
    await page.goForward();
    await page.waitForURL(/status=ERROR/);
    await expect.poll(() => rows(page).count()).toBe(1);

    await rows(page).first().getByTestId("trace-link").click();
    await page.waitForURL(url(`/p/${checkoutId}/traces/${failed.traceId}`));
    await expect.poll(() => text(page, "page-title")).toBe("support_agent");
    await page.goBack();
    await page.waitForURL(/\/traces\?status=ERROR$/);
    await expect.poll(() => rows(page).count()).toBe(1);
  });

  it("adds one history entry per search typed, however many pauses it took", async () => {
    const { page } = owner;
    await page.goto(url(`/p/${checkoutId}/traces`));
    await expect.poll(() => rows(page).count()).toBe(2);
    const search = page.getByTestId("filter-contains");
    await search.click();
    // Two pauses longer than the search's debounce: each commits to the URL.
    await search.pressSequentially("ref", { delay: 30 });
    await page.waitForURL(/contains=ref$/);
    await search.pressSequentially("und", { delay: 30 });
    await page.waitForURL(/contains=refund$/);
    // Back leaves the search whole, not its half-typed "ref".
    await page.goBack();
    await page.waitForURL(url(`/p/${checkoutId}/traces`));
  });

  it("raised no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
