import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, screenshot } from "./browser.ts";

/**
 * Code scorers' results in the dashboard, and the comparison's outputs: two runs of records sent
 * as the SDK sends them, scored by code scorers only (a pass/fail one and a numeric one). The run
 * page shows their metric cards; the comparison tests them (McNemar's, Wilcoxon's) and opens the
 * regressed records to both runs' outputs side by side, as the comparison API carries them (no
 * page of results read), the changed words marked, a long output cut with a note.
 */
const RECORDS = 12;
const BROKEN = 9;

describe("code scorers and compared outputs in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let projectId = "";
  const runIds: string[] = [];
  const pageErrors: string[] = [];
  const resultReads: string[] = [];

  const api = async (path: string, data: unknown) => {
    const res = await context.request.post(`${baseUrl}${path}`, { data, headers: { origin: baseUrl } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  const answer = (i: number, broken: boolean) =>
    broken
      ? `Order ${i}: sorry, we cannot refund this order.\nPlease write to our support team.${i === 0 ? ` ${"Details follow. ".repeat(600)}` : ""}`
      : `Order ${i}: your refund was approved.\nIt arrives within 5 days.`;
  const records = (broken: number) =>
    Array.from({ length: RECORDS }, (_, i) => {
      const outputs = answer(i, i < broken);
      return {
        inputs: { question: `Where is the refund for order ${i}? ${run}` },
        outputs,
        scores: [
          { name: "approved", value: outputs.includes("approved"), rationale: "Says approved?" },
          { name: "words", value: outputs.split(/\s+/).length },
        ],
      };
    });

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: "light" });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("request", (req) => {
      if (req.url().includes("/results")) resultReads.push(req.url());
    });
    const signup = (await api("/api/v1/auth/signup", {
      name: "Cody Scorer",
      email: `code-scorers-${run}@example.com`,
      password: "code-scorers-compare-42",
    })) as { project: { id: string } };
    projectId = signup.project.id;
    for (const [name, broken] of [
      ["baseline", 0],
      ["candidate", BROKEN],
    ] as const) {
      const started = (await api(`/api/v1/projects/${projectId}/evaluations`, {
        name,
        data: { records: records(broken) },
        codeScorers: ["approved", "words"],
      })) as { id: string; status: string };
      expect(started.status).toBe("completed");
      runIds.push(started.id);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows a run's code scorers as metric cards", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/evaluations/${runIds[1]}`);
    const card = page.locator("[data-testid=metric-card][data-name=approved]");
    await card.waitFor();
    expect(await card.textContent()).toContain("code ·");
    expect(await card.getByTestId("metric-card-value").textContent()).toBe("25%");
    expect(await page.locator("[data-testid=metric-card][data-name=words]").count()).toBe(1);
  });

  it("compares them, and shows the regressed records' outputs side by side with a word diff", async () => {
    resultReads.length = 0;
    await page.goto(`${baseUrl}/p/${projectId}/evaluations/compare?runs=${runIds[0]}&runs=${runIds[1]}`);
    await page.getByTestId("compare-page").waitFor();
    const rows = page.locator("[data-testid=compare-metrics] tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    const verdicts = Object.fromEntries(
      await Promise.all(
        (await rows.all()).map(async (row) => [
          (await row.locator(".mono").first().textContent()) ?? "",
          await row.getByTestId("metric-verdict").getAttribute("data-verdict"),
        ]),
      ),
    );
    expect(verdicts).toEqual({ approved: "worse", words: "better" });

    const records = page.getByTestId("compare-record");
    await expect.poll(() => records.count()).toBe(BROKEN);
    // The worst regressions open first, both runs' outputs side by side.
    const diff = records.first().getByTestId("output-diff");
    await diff.waitFor();
    const sides = diff.getByTestId("output-diff-side");
    expect(await sides.nth(0).textContent()).toMatch(/^Order \d+: your refund was approved\.\nIt arrives/);
    expect(await sides.nth(1).textContent()).toMatch(
      /^Order \d+: sorry, we cannot refund this order\.\nPlease/,
    );
    expect((await diff.locator(".ev-diff__mark--remove").allTextContents()).join(" ")).toContain("approved");
    expect((await diff.locator(".ev-diff__mark--add").allTextContents()).join(" ")).toContain("cannot");
    // The long output is cut by the API, and says so.
    const long = records.filter({ hasText: `order 0? ${run}` });
    if ((await long.getAttribute("open")) === null) await long.locator("summary").click();
    expect(await long.getByTestId("output-diff").textContent()).toContain("(first 8,000 characters)");
    // The outputs came with the comparison: no run's results were paged through.
    expect(resultReads).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "evaluations-compare-code-scorers");
    expect(pageErrors).toEqual([]);
  });
});
