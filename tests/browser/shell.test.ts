import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, screenshot } from "./browser.ts";

/** Project sections live under /p/{projectId}; settings belong to the organization. */
const SECTIONS = [
  { testId: "nav-traces", path: "/traces", title: "Traces", project: true },
  { testId: "nav-sessions", path: "/sessions", title: "Sessions", project: true },
  { testId: "nav-dashboards", path: "/dashboards", title: "Dashboards", project: true },
  { testId: "nav-datasets", path: "/datasets", title: "Datasets", project: true },
  { testId: "nav-evaluations", path: "/evaluations", title: "Evaluations", project: true },
  { testId: "nav-prompts", path: "/prompts", title: "Prompts", project: true },
  { testId: "nav-labeling", path: "/labeling", title: "Labeling", project: true },
  { testId: "nav-monitors", path: "/monitors", title: "Monitors", project: true },
  { testId: "nav-settings", path: "/settings", title: "Settings", project: false },
];

describe("dashboard shell in Chromium", () => {
  const baseUrl = inject("baseUrl");
  let browser: Browser;
  let page: Page;
  let projectId = "";
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
    page.on("pageerror", (err) => consoleErrors.push(err.message));
    // The dashboard needs a session: sign up a fresh user (page.request shares the page's cookies).
    const signup = await page.request.post(`${baseUrl}/api/v1/auth/signup`, {
      data: {
        name: "Shell Tester",
        email: `shell-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`,
        password: "shell-test-password",
      },
    });
    expect(signup.status()).toBe(201);
    projectId = ((await signup.json()) as { project: { id: string } }).project.id;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("opens the shell and shows the system healthy", async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId("sidebar").waitFor();
    await page.locator('[data-testid="status-dot"][data-status="ok"]').waitFor({ timeout: 10_000 });
    await page.getByTestId("system-status").waitFor();
    await screenshot(page, "shell-overview-light");
  });

  it("navigates every section through the sidebar", async () => {
    for (const section of SECTIONS) {
      await page.getByTestId(section.testId).click();
      await page.waitForURL(`${baseUrl}${section.project ? `/p/${projectId}` : ""}${section.path}`);
      await expect.poll(() => page.getByTestId("page-title").textContent()).toContain(section.title);
      expect(await page.getByTestId(section.testId).getAttribute("aria-current")).toBe("page");
      expect(await page.title()).toContain(section.title);
    }
    await screenshot(page, "shell-settings");
  });

  it("serves deep links on reload (SPA fallback) while /api stays the API", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/datasets`);
    await expect.poll(() => page.getByTestId("page-title").textContent()).toContain("Datasets");
    const api = await page.request.get(`${baseUrl}/api/health`);
    expect(api.headers()["content-type"]).toContain("application/json");
    const missing = await page.request.get(`${baseUrl}/api/no-such-route`);
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("NOT_FOUND");
  });

  it("switches to the dark theme and remembers it", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/traces`);
    const before = await page.locator("html").getAttribute("data-theme");
    await page.getByTestId("theme-toggle").click();
    const after = await page.locator("html").getAttribute("data-theme");
    expect(after).not.toBe(before);
    await page.reload();
    await page.getByTestId("sidebar").waitFor();
    expect(await page.locator("html").getAttribute("data-theme")).toBe(after);
    await screenshot(page, `shell-traces-${after}`);
  });

  it("raised no uncaught errors in the page", () => {
    expect(consoleErrors).toEqual([]);
  });
});
