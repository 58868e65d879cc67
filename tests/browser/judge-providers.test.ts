import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type OpenAIServer, startOpenAIServer } from "../../scripts/openai-server.ts";
import { launchChromium, OUTPUT_DIR } from "./browser.ts";

/**
 * Judge providers in Settings: the empty state, adding a provider that points at the scripted
 * OpenAI server (its key and header values never shown again), "test connection" listing its
 * models or saying what failed, a new key, the 409 on a taken name, removal; members read the
 * list, viewers are told the page is not for them.
 */

interface Person {
  context: BrowserContext;
  page: Page;
  orgId: string;
  projectId: string;
}

describe("judge providers in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const firstKey = `sk-first-${run}-AAAA1111`;
  const secondKey = `sk-second-${run}-BBBB2222`;
  const orgHeaderValue = `org-secret-${run}`;

  let browser: Browser;
  let llm: OpenAIServer;
  let owner: Person;
  let member: Person;
  let viewer: Person;
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
      email: `${name.toLowerCase()}-providers-${run}@example.com`,
      password: `${name} judges providers password`,
    })) as { organization: { id: string }; project: { id: string } };
    return { context, page, orgId: body.organization.id, projectId: body.project.id };
  }

  /** Joins the owner's organization with a role, and makes it the one the dashboard shows. */
  async function joinAs(who: Person, role: "member" | "viewer"): Promise<void> {
    const { inviteUrl } = (await post(owner.context, `/api/v1/orgs/${owner.orgId}/invitations`, {
      role,
    })) as {
      inviteUrl: string;
    };
    await post(who.context, `/api/v1/invitations/${inviteUrl.split("/invite/")[1] ?? ""}/accept`, {});
    await who.page.goto(`${baseUrl}/p/${owner.projectId}`);
    await who.page.getByTestId("sidebar").waitFor();
  }

  const shoot = async (locator: Locator, name: string) => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    await locator.screenshot({ path: join(OUTPUT_DIR, `${name}.png`) });
  };
  /** Closes the notifications, so they don't cover what a screenshot is of. */
  const dismissToasts = async (page: Page) => {
    const close = page.locator("[data-testid=toasts] .toast:not(.is-leaving) .toast__close");
    while ((await close.count()) > 0)
      await close
        .first()
        .click({ timeout: 2000 })
        .catch(() => undefined);
    await expect.poll(() => page.locator("[data-testid=toasts] .toast").count()).toBe(0);
  };
  const page = () => owner.page;
  const dialog = () => page().getByTestId("provider-dialog");
  const testDialog = () => page().getByTestId("provider-test-dialog");
  const rows = () => page().getByTestId("providers-table").locator("tbody tr");
  const modelRequests = () => llm.requests.filter((request) => request.path === "/v1/models");

  beforeAll(async () => {
    browser = await launchChromium();
    llm = await startOpenAIServer();
    owner = await person("Grace");
    member = await person("Mel");
    viewer = await person("Vic");
  });

  afterAll(async () => {
    await browser?.close();
    await llm?.close();
  });

  it("opens Settings → Judge providers and explains what a provider is for", async () => {
    await page().goto(`${baseUrl}/settings`);
    await page().getByTestId("settings-nav-judge-providers").click();
    await page().waitForURL(`${baseUrl}/settings/judge-providers`);
    const empty = page().getByTestId("providers-empty");
    await empty.waitFor();
    const text = (await empty.textContent()) ?? "";
    expect(text).toContain("No judge providers yet");
    expect(text).toContain("openai:/gpt-4o-mini");
    expect(text).toContain("encrypted at rest and never shown again");
    expect(await empty.getByTestId("add-provider").isVisible()).toBe(true);
    await shoot(page().getByTestId("judge-providers-settings"), "judge-providers-empty");
  });

  it("checks the form before sending, then adds a provider with a key and an extra header", async () => {
    await page().getByTestId("providers-empty").getByTestId("add-provider").click();
    await dialog().waitFor();
    await page().getByTestId("provider-name").fill("Scripted LLM");
    await page().getByTestId("provider-base-url").fill("api.example.com/v1");
    await page().getByTestId("provider-api-key").fill("short");
    await page().getByTestId("provider-submit").click();
    await expect.poll(() => dialog().locator(".field__error").count()).toBe(3);
    expect(await dialog().textContent()).toContain("lower-case letters");
    expect(llm.requests).toHaveLength(0);
    // Opened again, the form starts over.
    await dialog().getByRole("button", { name: "Cancel" }).click();
    await page().getByTestId("providers-empty").getByTestId("add-provider").click();
    expect(await page().getByTestId("provider-name").inputValue()).toBe("");
    expect(await dialog().locator(".field__error").count()).toBe(0);

    await page().getByTestId("provider-name").fill("scripted");
    expect(await page().getByTestId("provider-uri-example").textContent()).toBe("scripted:/gpt-4o-mini");
    await page().getByTestId("provider-base-url").fill(llm.url);
    await page().getByTestId("provider-api-key").fill(firstKey);
    await page().getByTestId("provider-header-add").click();
    await page().getByTestId("provider-header-name").fill("OpenAI-Organization");
    await page().getByTestId("provider-header-value").fill(orgHeaderValue);
    await shoot(dialog().locator(".dialog__panel"), "judge-providers-add-dialog");
    await page().getByTestId("provider-submit").click();
    await dialog().waitFor({ state: "detached" });
  });

  it("lists it with the key's last four characters and the header's name, never the secrets", async () => {
    await expect.poll(() => rows().count()).toBe(1);
    const row = rows().first();
    expect(await row.getByTestId("provider-name-cell").textContent()).toBe("scripted");
    expect(await row.getByTestId("provider-base-url-cell").textContent()).toBe(llm.url);
    expect(await row.getByTestId("provider-key-hint").textContent()).toBe("…1111");
    expect(await row.getByTestId("provider-header-names").textContent()).toBe("OpenAI-Organization");
    const html = await page().content();
    expect(html).not.toContain(firstKey);
    expect(html).not.toContain(orgHeaderValue);
    await dismissToasts(page());
    await shoot(page().getByTestId("judge-providers-settings"), "judge-providers-list");
  });

  it("tests the connection: progress while it runs, then the models it found", async () => {
    // The first listing is slow, so the progress is there to see.
    llm.script([{ path: "/v1/models", times: 1, reply: { delayMs: 2_500 } }]);
    await rows().first().getByTestId("test-provider").click();
    await testDialog().waitFor();
    await testDialog().getByTestId("provider-test-running").waitFor();
    await shoot(testDialog().locator(".dialog__panel"), "judge-providers-test-running");
    const result = testDialog().getByTestId("provider-test-result");
    await expect.poll(() => result.getAttribute("data-status"), { timeout: 15_000 }).toBe("ok");
    expect(await result.getByTestId("provider-test-count").textContent()).toContain("3 models found");
    const models = await result.getByTestId("provider-test-models").locator("code").allTextContents();
    expect(models).toEqual(["gpt-4o", "gpt-4o-mini", "text-embedding-3-small"]);
    expect(await result.textContent()).toContain("scripted:/gpt-4o-mini");
    // The provider was called with the sealed key and header, opened by the server.
    const [call] = modelRequests().slice(-1);
    expect(call?.headers.authorization).toBe(`Bearer ${firstKey}`);
    expect(call?.headers["openai-organization"]).toBe(orgHeaderValue);
    await shoot(testDialog().locator(".dialog__panel"), "judge-providers-test-ok");
  });

  it("scrolls and filters a long list of models", async () => {
    const many = Array.from({ length: 60 }, (_, index) => `model-${String(index).padStart(2, "0")}`);
    llm.script([
      {
        path: "/v1/models",
        times: 1,
        reply: { json: { object: "list", data: many.map((id) => ({ id, object: "model", created: 0 })) } },
      },
    ]);
    await testDialog().getByTestId("provider-test-again").click();
    const result = testDialog().getByTestId("provider-test-result");
    await expect
      .poll(() => result.getByTestId("provider-test-count").textContent())
      .toContain("60 models found");
    const list = result.getByTestId("provider-test-models");
    const { scrollHeight, clientHeight } = await list.evaluate((element) => ({
      scrollHeight: element.scrollHeight,
      clientHeight: element.clientHeight,
    }));
    expect(scrollHeight).toBeGreaterThan(clientHeight);
    await result.getByTestId("provider-test-filter").fill("model-4");
    await expect.poll(() => list.locator("code").count()).toBe(10);
    await shoot(testDialog().locator(".dialog__panel"), "judge-providers-test-filtered");
  });

  it("says in words what the provider answered when the test fails", async () => {
    llm.script([
      {
        path: "/v1/models",
        times: 1,
        reply: { status: 401, error: { message: "Incorrect API key provided", code: "invalid_api_key" } },
      },
    ]);
    await testDialog().getByTestId("provider-test-again").click();
    const result = testDialog().getByTestId("provider-test-result");
    await expect.poll(() => result.getAttribute("data-status"), { timeout: 15_000 }).toBe("error");
    const error = (await result.getByTestId("provider-test-error").textContent()) ?? "";
    expect(error).toContain("401");
    expect(error).toContain("Incorrect API key provided");
    await shoot(testDialog().locator(".dialog__panel"), "judge-providers-test-error");
    await testDialog().getByRole("button", { name: "Close" }).last().click();
    await testDialog().waitFor({ state: "detached" });
  });

  it("replaces the key, keeping the header, and the next test uses the new one", async () => {
    await rows().first().getByTestId("edit-provider").click();
    await dialog().waitFor();
    expect(await page().getByTestId("provider-api-key").inputValue()).toBe("");
    expect(await dialog().textContent()).toContain("…1111");
    expect(await page().getByTestId("provider-stored-headers").textContent()).toContain(
      "OpenAI-Organization",
    );
    await page().getByTestId("provider-api-key").fill(secondKey);
    await shoot(dialog().locator(".dialog__panel"), "judge-providers-change-dialog");
    await page().getByTestId("provider-submit").click();
    await dialog().waitFor({ state: "detached" });
    await expect.poll(() => rows().first().getByTestId("provider-key-hint").textContent()).toBe("…2222");
    expect(await page().content()).not.toContain(secondKey);

    await rows().first().getByTestId("test-provider").click();
    const result = testDialog().getByTestId("provider-test-result");
    await expect.poll(() => result.getAttribute("data-status"), { timeout: 15_000 }).toBe("ok");
    const [call] = modelRequests().slice(-1);
    expect(call?.headers.authorization).toBe(`Bearer ${secondKey}`);
    expect(call?.headers["openai-organization"]).toBe(orgHeaderValue);
    await testDialog().getByRole("button", { name: "Close" }).last().click();
    await testDialog().waitFor({ state: "detached" });
  });

  it("shows the server's 409 under the name when it is taken", async () => {
    await dismissToasts(page());
    await page().getByTestId("judge-providers-settings").getByTestId("add-provider").click();
    await dialog().waitFor();
    await page().getByTestId("provider-name").fill("scripted");
    await page().getByTestId("provider-base-url").fill(llm.url);
    await page().getByTestId("provider-api-key").fill(`sk-third-${run}`);
    await page().getByTestId("provider-submit").click();
    await expect
      .poll(() => dialog().locator(".field__error").first().textContent())
      .toContain('already has a provider named "scripted"');
    await shoot(dialog().locator(".dialog__panel"), "judge-providers-name-taken");
    await dialog().getByRole("button", { name: "Cancel" }).click();
    await dialog().waitFor({ state: "detached" });
    expect(await rows().count()).toBe(1);
  });

  it("lets members read the list but not change it", async () => {
    await joinAs(member, "member");
    await member.page.goto(`${baseUrl}/settings/judge-providers`);
    const card = member.page.getByTestId("judge-providers-settings");
    await card.getByTestId("providers-table").waitFor();
    expect(await card.getByTestId("provider-key-hint").textContent()).toBe("…2222");
    expect(await card.getByTestId("providers-read-only").textContent()).toContain("Only owners and admins");
    expect(await card.getByTestId("add-provider").count()).toBe(0);
    expect(await card.getByTestId("test-provider").count()).toBe(0);
    expect(await card.getByTestId("edit-provider").count()).toBe(0);
    await shoot(card, "judge-providers-member");
  });

  it("hides the page from viewers, and says why when they open it by its address", async () => {
    await joinAs(viewer, "viewer");
    await viewer.page.goto(`${baseUrl}/settings`);
    await viewer.page.getByTestId("settings-nav").waitFor();
    expect(await viewer.page.getByTestId("settings-nav-judge-providers").count()).toBe(0);
    await viewer.page.goto(`${baseUrl}/settings/judge-providers`);
    await expect
      .poll(() => viewer.page.locator(".settings__content").textContent())
      .toContain("Only owners, admins and members can see this page");
  });

  it("removes the provider after a confirmation", async () => {
    await rows().first().getByTestId("delete-provider").click();
    const confirmation = page().getByTestId("confirm-dialog");
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain("scripted:/");
    await confirmation.getByRole("button", { name: "Remove provider" }).click();
    await page().getByTestId("providers-empty").waitFor();
    expect(pageErrors).toEqual([]);
  });
});
