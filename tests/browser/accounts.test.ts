import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, screenshot } from "./browser.ts";

/** Sign up, projects, API keys, members, audit log and login/logout, through the dashboard. */
describe("accounts and tenancy in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const user = {
    name: "Ada Lovelace",
    email: `ada-${run}@example.com`,
    password: "analytical-engine-1843",
  };
  const projectName = `Checkout ${run.slice(-5)}`;
  const keyName = "checkout-service prod";

  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let apiKey = "";
  const pageErrors: string[] = [];

  // Home is the overview of the last project used: /p/{projectId}.
  const PROJECT_OVERVIEW = new RegExp(`^${baseUrl}/p/prj_[^/?#]+$`);

  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? "";

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends visitors without a session to the login page, keeping where they were going", async () => {
    await page.goto(`${baseUrl}/settings/api-keys`);
    await page.waitForURL(`${baseUrl}/login?next=%2Fsettings%2Fapi-keys`);
    await page.getByTestId("login-email").waitFor();
  });

  it("signs up and lands on the dashboard", async () => {
    await page.goto(`${baseUrl}/signup`);
    await page.getByTestId("signup-submit").click();
    // Client-side checks, before anything is sent.
    await expect.poll(() => page.locator(".field__error").count()).toBeGreaterThanOrEqual(3);
    await page.getByTestId("signup-name").fill(user.name);
    await page.getByTestId("signup-email").fill(user.email);
    await page.getByTestId("signup-password").fill(user.password);
    await page.getByTestId("signup-organization").fill(`Analytical Engines ${run}`);
    await screenshot(page, "accounts-signup");
    await page.getByTestId("signup-submit").click();
    await page.waitForURL(PROJECT_OVERVIEW);
    await page.getByTestId("sidebar").waitFor();
    expect(await text("user-menu")).toContain(user.name);
    expect(await text("current-project")).toBe("Default");
  });

  it("creates a project from the switcher and switches to it", async () => {
    await page.getByTestId("project-switcher").click();
    await page.getByTestId("switcher-new-project").click();
    await page.getByTestId("project-name-input").fill(projectName);
    await page.getByTestId("project-submit").click();
    await expect.poll(() => text("current-project")).toBe(projectName);

    // Switch away and back through the menu; the choice survives a reload.
    await page.getByTestId("project-switcher").click();
    await page.getByTestId("project-option").filter({ hasText: "Default" }).click();
    await expect.poll(() => text("current-project")).toBe("Default");
    await page.getByTestId("project-switcher").click();
    await page.getByTestId("project-option").filter({ hasText: projectName }).click();
    await expect.poll(() => text("current-project")).toBe(projectName);
    await page.reload();
    await expect.poll(() => text("current-project")).toBe(projectName);
  });

  it("creates an API key with ingest and read, shows it once and copies it", async () => {
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-nav-api-keys").click();
    await page.waitForURL(`${baseUrl}/settings/api-keys`);
    await page.getByTestId("create-api-key").first().click();
    await page.getByTestId("api-key-name").fill(keyName);
    await page.getByTestId("api-key-scope-ingest").check();
    await page.getByTestId("api-key-scope-read").check();
    expect(await page.getByTestId("api-key-scope-write").isChecked()).toBe(false);
    await page.getByTestId("api-key-submit").click();

    await page.getByTestId("new-api-key").waitFor();
    apiKey = (await text("new-api-key")).trim();
    expect(apiKey).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
    await screenshot(page, "accounts-api-key-created");

    await page.getByTestId("copy-api-key").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(apiKey);

    const res = await fetch(`${baseUrl}/api/v1/whoami`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(200);
    const whoami = (await res.json()) as { type: string; scopes: string[]; projects: { name: string }[] };
    expect(whoami.type).toBe("api_key");
    expect([...whoami.scopes].sort()).toEqual(["ingest", "read"]);
    expect(whoami.projects.map((project) => project.name)).toEqual([projectName]);

    // Once the dialog is closed the secret is gone; the table lists the key by its prefix.
    await page.getByTestId("api-key-done").click();
    const table = page.getByTestId("api-keys-table");
    await table.waitFor();
    expect(await table.textContent()).toContain(keyName);
    expect(await table.textContent()).toContain(apiKey.slice(0, 11));
    expect(await page.getByTestId("new-api-key").count()).toBe(0);
    expect(await page.locator("body").textContent()).not.toContain(apiKey);
  });

  it("lists the members and the audit trail", async () => {
    await page.getByTestId("settings-nav-members").click();
    await page.getByTestId("members-table").waitFor();
    expect(await text("members-table")).toContain(user.email);
    await page.getByTestId("invitations").waitFor();
    await screenshot(page, "accounts-members");

    await page.getByTestId("settings-nav-audit-log").click();
    await page.getByTestId("audit-table").waitFor();
    await expect.poll(() => text("audit-table")).toContain("api_key.created");
    expect(await text("audit-table")).toContain("project.created");
    await screenshot(page, "accounts-audit-log");
  });

  it("logs out, refuses a wrong password, and logs back in", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(`${baseUrl}/login`);

    const session = await page.request.get(`${baseUrl}/api/v1/whoami`);
    expect(session.status()).toBe(401);

    await page.getByTestId("login-email").fill(user.email);
    await page.getByTestId("login-password").fill("not-the-password");
    await page.getByTestId("login-submit").click();
    await expect
      .poll(() => page.getByTestId("login-error").textContent())
      .toContain("Wrong email or password");
    await screenshot(page, "accounts-login-error");

    await page.getByTestId("login-password").fill(user.password);
    await page.getByTestId("login-submit").click();
    await page.waitForURL(PROJECT_OVERVIEW);
    await expect.poll(() => text("user-menu")).toContain(user.name);
    // The project chosen before logging out is still the current one.
    expect(await text("current-project")).toBe(projectName);
  });

  it("raised no uncaught errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
