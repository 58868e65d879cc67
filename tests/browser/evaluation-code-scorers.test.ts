import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, screenshot } from "./browser.ts";

/**
 * Code scorers' results in the dashboard, and the comparison's outputs: two runs of one name (the
 * same evaluation, its prompt changed: params `prompt` support → terse) of records sent as the SDK
 * sends them, each with its trace id, scored by code scorers only (a pass/fail one with a
 * rationale and a numeric one). The run page shows their metric cards and params; the comparison
 * tells the runs apart (ids, the differing param marked), tests them (McNemar's, Wilcoxon's) and
 * opens the regressed records to both runs' outputs side by side, as the comparison API carries
 * them (no page of results read), the changed words marked, a long output cut with a note, each
 * run's trace labelled, and under each output what each scorer said and why (read from the
 * records' traces).
 */
const RECORDS = 12;
const BROKEN = 9;
const NAME = "support agent";
const PARAMS = {
  baseline: { prompt: "support", model: "gpt-4o-mini" },
  candidate: { prompt: "terse", model: "gpt-4o-mini" },
};
/** A trace id per run and record (32 hex digits), as predictFn's traces have. */
const traceIdOf = (runIndex: number, record: number) =>
  `${runIndex + 1}`.padStart(16, "a") + `${record}`.padStart(16, "0");

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
  const records = (broken: number, runIndex: number) =>
    Array.from({ length: RECORDS }, (_, i) => {
      const outputs = answer(i, i < broken);
      const approved = outputs.includes("approved");
      return {
        inputs: { question: `Where is the refund for order ${i}? ${run}` },
        outputs,
        traceId: traceIdOf(runIndex, i),
        scores: [
          {
            name: "approved",
            value: approved,
            rationale: approved ? "Says the refund was approved." : "Refuses the refund: no approval said.",
          },
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
      // The API's results of a run (not the dashboard's script chunk of the same name).
      if (/\/evaluations\/[^/]+\/results/.test(req.url())) resultReads.push(req.url());
    });
    const signup = (await api("/api/v1/auth/signup", {
      name: "Cody Scorer",
      email: `code-scorers-${run}@example.com`,
      password: "code-scorers-compare-42",
    })) as { project: { id: string } };
    projectId = signup.project.id;
    for (const [index, [params, broken]] of [
      [PARAMS.baseline, 0],
      [PARAMS.candidate, BROKEN],
    ].entries()) {
      const started = (await api(`/api/v1/projects/${projectId}/evaluations`, {
        name: NAME,
        data: { records: records(Number(broken), index) },
        codeScorers: ["approved", "words"],
        params,
      })) as { id: string; status: string };
      expect(started.status).toBe("completed");
      runIds.push(started.id);
    }
    // Three of the candidate's records were answered with a registered prompt: their traces say so.
    await api(`/api/v1/projects/${projectId}/prompts`, {
      name: "terse-answer",
      template: "Answer {{ q }} in a line.",
    });
    const { key } = (await api(`/api/v1/projects/${projectId}/api-keys`, {
      name: "browser-test ingest",
      scopes: ["ingest"],
    })) as { key: string };
    const now = BigInt(Date.now()) * 1_000_000n;
    const spans = [0, 1, 2].map((i) => ({
      traceId: traceIdOf(1, i),
      spanId: `${i + 1}`.padStart(16, "b"),
      name: "predict",
      kind: 1,
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 50_000_000n),
      attributes: [
        { key: "sightline.run_id", value: { stringValue: runIds[1] } },
        { key: "sightline.prompt", value: { stringValue: "prompts:/terse-answer/1" } },
      ],
    }));
    const ingest = await context.request.post(`${baseUrl}/v1/traces`, {
      data: { resourceSpans: [{ scopeSpans: [{ spans }] }] },
      headers: { authorization: `Bearer ${key}` },
    });
    expect(ingest.status(), await ingest.text()).toBe(200);
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
    // The header tells the run apart: its id (short, the whole on hover) and its params.
    const facts = page.getByTestId("run-facts");
    expect(await facts.getByTestId("run-id").getAttribute("data-id")).toBe(runIds[1]);
    expect(await facts.getByTestId("run-id").textContent()).toBe(`run_…${runIds[1]?.slice(-8)}`);
    const prompt = facts.locator("[data-testid=run-param][data-key=prompt]");
    expect(await prompt.textContent()).toBe("promptterse");
    // The prompt versions its traces rendered, linked to the prompt.
    const used = facts.getByTestId("run-prompt");
    expect(await used.textContent()).toBe("terse-answer/1 · 3 traces");
    expect(await used.getAttribute("href")).toBe(`/p/${projectId}/prompts/terse-answer`);
    await screenshot(page, "evaluations-run-code-scorers");
  });

  it("compares them, and shows the regressed records' outputs side by side with a word diff", async () => {
    resultReads.length = 0;
    await page.goto(`${baseUrl}/p/${projectId}/evaluations/compare?runs=${runIds[0]}&runs=${runIds[1]}`);
    await page.getByTestId("compare-page").waitFor();
    // Two runs of one name: told apart by their ids, and the param that differs marked.
    const baseline = page.getByTestId("compared-baseline");
    const candidate = page.getByTestId("compared-candidate");
    await candidate.getByTestId("run-params").waitFor();
    expect(await baseline.getByTestId("compare-baseline").textContent()).toBe(NAME);
    expect(await candidate.getByTestId("compare-candidate").textContent()).toBe(NAME);
    expect(await baseline.getByTestId("run-id").getAttribute("data-id")).toBe(runIds[0]);
    expect(await candidate.getByTestId("run-id").getAttribute("data-id")).toBe(runIds[1]);
    expect(await candidate.getByTestId("run-started").textContent()).toMatch(/^Started .+ by code-scorers-/);
    const differing = candidate.locator("[data-testid=run-param][data-differs=true]");
    expect(await differing.count()).toBe(1);
    expect(await differing.getAttribute("data-key")).toBe("prompt");
    expect(await differing.textContent()).toBe("promptsupport → terse");
    expect(
      await candidate.locator("[data-testid=run-param][data-key=model]").getAttribute("data-differs"),
    ).toBe("false");
    expect(await page.getByTestId("compared-changes").textContent()).toBe("Changedpromptsupport → terse");
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
    // Each run's trace of the record, labelled, above its own output.
    const first = records.first();
    const traces = first.getByTestId("compare-trace");
    expect(await traces.allTextContents()).toEqual(["baseline trace", "candidate trace"]);
    const order = Number(
      (await first.getByTestId("compare-inputs").textContent())?.match(/order (\d+)/)?.[1],
    );
    expect(await traces.nth(1).getAttribute("href")).toBe(`/p/${projectId}/traces/${traceIdOf(1, order)}`);
    // Why the score changed: each scorer's value and rationale in both runs, the changed one first.
    const scores = first.getByTestId("record-score");
    await expect.poll(() => scores.count()).toBe(4);
    const cell = (side: string, scorer: string) =>
      first.locator(`[data-testid=record-score][data-side=${side}][data-scorer=${scorer}]`);
    expect(await scores.first().getAttribute("data-scorer")).toBe("approved");
    expect(await cell("baseline", "approved").textContent()).toBe(
      "approvedpassSays the refund was approved.",
    );
    expect(await cell("candidate", "approved").textContent()).toBe(
      "approvedfailRefuses the refund: no approval said.",
    );
    expect(await cell("candidate", "approved").getByTestId("record-rationale").isVisible()).toBe(true);
    expect(await cell("candidate", "words").textContent()).toContain("No rationale");
    // The outputs came with the comparison: no run's results were paged through.
    expect(resultReads).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "evaluations-compare-code-scorers");
    expect(pageErrors).toEqual([]);
  });

  it("says which run of a link the project lacks, and offers the comparison without it", async () => {
    const unknown = "run_01jq7m2x8v4k3d9f6h5g2c1b0z";
    await page.goto(
      `${baseUrl}/p/${projectId}/evaluations/compare?runs=${runIds[0]}&runs=${unknown}&runs=${runIds[1]}`,
    );
    const message = page.getByTestId("compare-not-found");
    await message.waitFor();
    expect(await message.textContent()).toContain(unknown);
    await screenshot(page, "evaluations-compare-not-found");
    await message.getByRole("link", { name: "Compare the others" }).click();
    await page.getByTestId("compare-page").waitFor();
    expect(new URL(page.url()).searchParams.getAll("runs")).toEqual(runIds);
    expect(pageErrors).toEqual([]);
  });

  it("says when runs share no records, and what to compare instead", async () => {
    const other = (await api(`/api/v1/projects/${projectId}/evaluations`, {
      name: "another agent",
      data: {
        records: [
          {
            inputs: { question: `Something else entirely ${run}` },
            outputs: "Your refund was approved.",
            scores: [{ name: "approved", value: true }],
          },
        ],
      },
      codeScorers: ["approved"],
    })) as { id: string };
    await page.goto(`${baseUrl}/p/${projectId}/evaluations/compare?runs=${runIds[0]}&runs=${other.id}`);
    const note = page.getByTestId("compare-no-pairs");
    await note.waitFor();
    expect(await note.textContent()).toContain("compare runs over the same dataset");
    await screenshot(page, "evaluations-compare-no-pairs");
    // No changed records to list, and no table of metrics over nothing.
    expect(await page.getByTestId("compare-records").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
