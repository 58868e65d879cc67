import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type OpenAIServer, startOpenAIServer } from "../../scripts/openai-server.ts";
import { agentTrace, otlpJson } from "../../workers/test/otlp-builders.ts";
import { launchChromium, OUTPUT_DIR } from "./browser.ts";

/**
 * Evaluations in the dashboard: the empty state; a run started from the UI on a dataset's recorded
 * outputs with a rule scorer and a numeric LLM judge (the scripted OpenAI server), watched from
 * running to completed, with its metric cards and per-record table (a rationale on hover, the
 * record without outputs as an error, a record's trace linked, the failures filter); a second
 * run on a worse dataset version, the trends on the list, and the two compared: the rule worse,
 * the judge unchanged, regressed records first with their outputs diffed; a run with repeats
 * cancelled while it runs and resumed to the end.
 */

/** For waits on the server's work (a run scored through the queue) on a busy machine. */
const SLOW = { timeout: 30_000 };
const REFUND = 16;
const OTHERS = 6;
const REGRESSED = 10;

describe("evaluations in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const trace = agentTrace({ startMs: Date.now() - 5 * 60_000, question: `Where is my refund? ${run}` });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let llm: OpenAIServer;
  let projectId = "";
  let datasetId = "";
  const scorerIds: string[] = [];
  const pageErrors: string[] = [];
  /** The baseline and the candidate, as the comparison's link names them. */
  let compared: string[] = [];

  const shoot = async (name: string) => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: true });
  };
  const api = async (method: "get" | "post", path: string, data?: unknown) => {
    const res = await context.request[method](`${baseUrl}${path}`, { data, headers: { origin: baseUrl } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  const project = (rest: string) => `/api/v1/projects/${projectId}${rest}`;

  /** Version 1: 16 answers that mention a refund, 6 that do not, one without outputs, one from a trace. */
  const version1 = () => [
    ...Array.from({ length: REFUND }, (_, i) => ({
      inputs: { question: `Can I return order ${i}? ${run}` },
      expectations: { expected_response: "Within 30 days" },
      outputs: `Order ${i}: you can get a refund within 30 days of purchase.`,
    })),
    ...Array.from({ length: OTHERS }, (_, i) => ({
      inputs: { question: `Where is parcel ${i}? ${run}` },
      outputs: `Parcel ${i}: please contact our support team by email.`,
    })),
    { inputs: { question: `Not answered yet ${run}` } },
    {
      inputs: { question: `Where is my refund? ${run}` },
      outputs: "Your refund was issued on Monday.",
      source: { type: "trace", id: trace.traceId },
    },
  ];
  /** Version 2: ten refund answers lose the word (regressions), one other answer gains it (a fix). */
  const version2 = () => [
    ...Array.from({ length: REGRESSED }, (_, i) => ({
      inputs: { question: `Can I return order ${i}? ${run}` },
      outputs: `Order ${i}: you can get your money back within 30 days of purchase.`,
    })),
    { inputs: { question: `Where is parcel 0? ${run}` }, outputs: "Parcel 0: a refund is on its way." },
  ];

  beforeAll(async () => {
    browser = await launchChromium();
    llm = await startOpenAIServer();
    // The judge rates answers sending people to support a 2, others a 3; slowly, so the run is seen running.
    llm.script([
      {
        path: "/v1/chat/completions",
        bodyIncludes: "support team",
        reply: {
          content: JSON.stringify({ rationale: `Sends the user elsewhere ${run}.`, value: 2 }),
          delayMs: 600,
        },
      },
      {
        path: "/v1/chat/completions",
        reply: {
          content: JSON.stringify({ rationale: `Answers the question ${run}.`, value: 3 }),
          delayMs: 600,
        },
      },
    ]);
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: "light" });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const signup = (await api("post", "/api/v1/auth/signup", {
      name: "Eve Evaluator",
      email: `evaluations-${run}@example.com`,
      password: "evaluations-compare-runs-42",
    })) as { organization: { id: string }; project: { id: string } };
    projectId = signup.project.id;
    const { key } = (await api("post", project("/api-keys"), {
      name: "evaluations test",
      scopes: ["ingest"],
    })) as {
      key: string;
    };
    const res = await fetch(`${baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(otlpJson(trace.spans)),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await api("post", `/api/v1/orgs/${signup.organization.id}/judge-providers`, {
      name: "scripted",
      baseUrl: llm.url,
      apiKey: `sk-evaluations-${run}-ABCD1234`,
    });
    for (const [name, definition] of [
      ["mentions_refund", { type: "rule", rule: { kind: "contains", keywords: ["refund"] } }],
      [
        "helpfulness",
        {
          type: "judge",
          instructions: "Rate how helpful this reply is, from 1 to 5: {{ outputs }}",
          model: "scripted:/gpt-4o-mini",
          valueType: { kind: "number", min: 1, max: 5 },
        },
      ],
    ] as const)
      scorerIds.push(((await api("post", project("/scorers"), { name, definition })) as { id: string }).id);
    datasetId = ((await api("post", project("/datasets"), { name: `support-${run}` })) as { id: string }).id;
    await api("post", project(`/datasets/${datasetId}/records`), { records: version1() });
  });

  afterAll(async () => {
    await browser?.close();
    await llm?.close();
  });

  it("explains runs when there are none: what a run is, and the UI, evaluate() and sightline eval", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/evaluations`);
    const empty = page.getByTestId("runs-empty");
    await empty.waitFor();
    const text = (await empty.textContent()) ?? "";
    for (const words of ["dataset version", "scorers", "evaluate()", "sightline eval", "New run"])
      expect(text).toContain(words);
    await shoot("evaluations-empty");
  });

  it("starts a run from the UI, watches it score, and shows its metrics and records", async () => {
    await page.getByTestId("runs-empty").getByTestId("new-run").click();
    const dialog = page.getByTestId("new-run-dialog");
    await dialog.waitFor();
    // Nothing picked: the form says what is missing.
    await page.getByTestId("new-run-submit").click();
    await expect.poll(() => dialog.textContent()).toContain("Pick the dataset");
    await page.getByTestId("new-run-dataset").selectOption(datasetId);
    await expect.poll(() => page.getByTestId("new-run-version").inputValue()).toBe("1");
    await dialog.getByLabel("mentions_refund").check();
    await dialog.getByLabel("helpfulness").check();
    await page.getByTestId("new-run-name").fill("baseline");
    await page.getByTestId("new-run-submit").click();

    await page.getByTestId("run-page").waitFor();
    expect(await page.getByTestId("page-title").textContent()).toBe("baseline");
    // 23 records with outputs × 2 scorers; the judge answers slowly, so the run is seen running.
    const progress = page.getByTestId("run-progress");
    await progress.waitFor();
    expect(await progress.textContent()).toContain("of 46 scores");
    await expect
      .poll(() => page.getByTestId("run-status").first().getAttribute("data-status"), SLOW)
      .toBe("completed");
    expect(await page.getByTestId("run-progress").count()).toBe(0);

    const refund = page.locator("[data-testid=metric-card][data-name=mentions_refund]");
    expect(await refund.getByTestId("metric-card-value").textContent()).toBe("74%"); // 17 of 23
    expect(await refund.getByTestId("metric-card-interval").textContent()).toMatch(/95 % interval \d+%–\d+%/);
    const helpful = page.locator("[data-testid=metric-card][data-name=helpfulness]");
    expect(await helpful.getByTestId("metric-card-value").textContent()).toBe("2.74"); // (6 × 2 + 17 × 3) / 23
    expect(await page.getByTestId("run-dataset").textContent()).toContain(`support-${run} · version 1`);

    // Every record, in order, the one without outputs an error; the trace's record links to it.
    const rows = page.locator(".ev-results tbody tr");
    await expect.poll(() => rows.count()).toBe(24);
    expect(await page.getByTestId("result-error").count()).toBe(1);
    expect(await page.getByTestId("result-trace").getAttribute("href")).toBe(
      `/p/${projectId}/traces/${trace.traceId}`,
    );
    // A score's rationale on hover.
    const chip = page.locator("[data-testid=score-chip][data-scorer=helpfulness]").first();
    await chip.hover();
    await expect
      .poll(() => chip.getByTestId("score-tip").textContent())
      .toContain(`Answers the question ${run}.`);
    expect(await chip.getByTestId("score-tip").isVisible()).toBe(true);
    await shoot("evaluations-run");

    await page.getByTestId("results-show").getByText("Failures").click();
    await expect.poll(() => rows.count()).toBe(OTHERS);
    // Filtered by the API over the whole run, not over the pages loaded.
    await expect
      .poll(() => page.getByTestId("results-count").textContent())
      .toContain(`${OTHERS} of 24 records`);
    await page.getByTestId("results-show").getByText("Errors").click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId("results-scorer").selectOption("helpfulness");
    // The filter reloads the records from the API: wait for the table it draws.
    const scorerColumns = async () =>
      (await page.locator(".ev-results thead th").allTextContents()).filter((h) =>
        ["helpfulness", "mentions_refund"].includes(h),
      );
    await expect.poll(scorerColumns).toEqual(["helpfulness"]);
  });

  it("compares a worse run with the baseline: the rule worse, the judge unchanged, regressions first", async () => {
    await api("post", project(`/datasets/${datasetId}/records`), { records: version2() });
    const started = (await api("post", project("/evaluations"), {
      name: "candidate",
      data: { dataset: { id: datasetId, version: 2 } },
      scorers: scorerIds.map((scorerId) => ({ scorerId })),
    })) as { id: string };

    // The list follows the candidate live until it completes; then a trend per metric.
    await page.goto(`${baseUrl}/p/${projectId}/evaluations`);
    await page.getByTestId("runs").waitFor();
    await expect
      .poll(() => page.locator("[data-testid=run-status][data-status=completed]").count(), SLOW)
      .toBe(2);
    const charts = page.getByTestId("trend-chart");
    expect(await charts.count()).toBe(2);
    const refundTrend = page.locator("[data-testid=trend-chart][data-metric='mentions_refund/pass_rate']");
    expect(await refundTrend.getByTestId("trend-latest").textContent()).toBe("35%"); // 8 of 23
    await shoot("evaluations-list");

    await page.getByTestId("run-pick").nth(0).check();
    expect(await page.getByTestId("compare-runs").isDisabled()).toBe(true);
    await page.getByTestId("run-pick").nth(1).check();
    await page.getByTestId("compare-runs").click();
    await page.getByTestId("compare-page").waitFor();
    expect(new URL(page.url()).searchParams.getAll("runs").at(-1)).toBe(started.id);
    expect(await page.getByTestId("compare-baseline").textContent()).toBe("baseline");
    compared = new URL(page.url()).searchParams.getAll("runs");
    // What changed between them: the dataset's version.
    expect(await page.getByTestId("compared-changes").textContent()).toBe("Changeddataset version1 → 2");

    const verdicts = page.getByTestId("metric-verdict");
    await expect.poll(() => verdicts.count()).toBe(2);
    const byScorer = Object.fromEntries(
      await Promise.all(
        (await page.locator("[data-testid=compare-metrics] tbody tr").all()).map(async (row) => [
          (await row.locator(".mono").first().textContent()) ?? "",
          await row.getByTestId("metric-verdict").getAttribute("data-verdict"),
        ]),
      ),
    );
    expect(byScorer).toEqual({ mentions_refund: "worse", helpfulness: "no detectable change" });
    expect(await page.getByTestId("compare-familywise").textContent()).toContain("Holm over 2 metrics");

    // Regressions first; the first is open with both outputs, the dropped word marked.
    const records = page.getByTestId("compare-record");
    await expect.poll(() => records.count()).toBe(REGRESSED + 1);
    expect(await records.first().getAttribute("data-change")).toBe("regressed");
    expect(await records.last().getAttribute("data-change")).toBe("fixed");
    const diff = records.first().getByTestId("output-diff");
    await diff.waitFor();
    expect((await diff.locator(".ev-diff__mark--remove").allTextContents()).join(" ")).toContain("refund");
    expect((await diff.locator(".ev-diff__mark--add").allTextContents()).join(" ")).toContain("money back");
    // Records of a dataset's recorded outputs have no trace: the comparison carries each run's
    // scores with their rationales all the same.
    const scores = records.first().getByTestId("record-scores");
    await expect
      .poll(() => scores.getByTestId("record-rationale").allTextContents())
      .toContain(`Answers the question ${run}.`);
    expect(
      await scores.locator("[data-testid=record-score][data-side=candidate]").first().textContent(),
    ).toContain("mentions_refundfail");
    await shoot("evaluations-compare");

    await page.getByTestId("compare-records-show").getByText("Fixes (1)").click();
    await expect.poll(() => records.count()).toBe(1);
  });

  it("cancels a running run, keeps its scores, and resumes it to the end", async () => {
    // 23 records × 6 repeats of the slow judge: seconds of work, so there is time to cancel.
    const started = (await api("post", project("/evaluations"), {
      name: "judge variance",
      data: { dataset: { id: datasetId, version: 2 } },
      scorers: [{ scorerId: scorerIds[1] }],
      repeats: 6,
    })) as { id: string };
    // Compared while it scores: the page says the comparison covers what is scored so far.
    await page.goto(`${baseUrl}/p/${projectId}/evaluations/compare?runs=${compared[0]}&runs=${started.id}`);
    expect(await page.getByTestId("compare-running").textContent()).toContain("judge variance");
    await page.goto(`${baseUrl}/p/${projectId}/evaluations/${started.id}`);
    const status = () => page.getByTestId("run-status").first().getAttribute("data-status");
    await page.getByTestId("run-cancel").click();
    await expect.poll(status).toBe("cancelled");
    await page.getByTestId("run-resume").waitFor();
    expect(Number(await page.getByTestId("run-progress").getAttribute("data-percent"))).toBeLessThan(100);

    await page.getByTestId("run-resume").click();
    await expect.poll(status, SLOW).toBe("completed");
    const card = page.locator("[data-testid=metric-card][data-name=helpfulness]");
    expect(await card.textContent()).toContain("Within-record variance");
    // Each record's six repeats said the same: one chip, "×6".
    await expect
      .poll(() => page.locator("[data-testid=score-chip][data-scorer=helpfulness]").first().textContent())
      .toMatch(/^[23]×6Rationales/);

    // Deleted after a confirmation: back on the list, the run gone from it.
    await page.getByTestId("run-delete").click();
    expect(await page.getByTestId("confirm-dialog").textContent()).toContain("The traces it made stay");
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete run" }).click();
    await page.waitForURL(`${baseUrl}/p/${projectId}/evaluations`);
    const runs = (await api("get", project("/evaluations"))) as { runs: { id: string }[] };
    expect(runs.runs.map((r) => r.id)).not.toContain(started.id);
    expect(pageErrors).toEqual([]);
  });
});
