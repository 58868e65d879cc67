import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { agentTrace, otlpJson } from "../../workers/test/otlp-builders.ts";
import { launchChromium, OUTPUT_DIR } from "./browser.ts";

/**
 * Datasets in the dashboard: one created from the empty state (a taken name refused by its
 * field), a JSONL file imported with bad rows (progress while its chunks go, a failed chunk sent
 * again, the rejected rows by line), a record edited inline (a JSON error, then the API's 422 by
 * its field), versions 1 and 2 with their diff and version 1 read back, exports of version 1 as
 * CSV and JSONL through the download link, and traces added from the traces list (selected rows,
 * and all matching a filter) and from a trace's page.
 */

const LINES = 2_500;
/** For waits on the server's work (a version written, a job done) on a busy machine. */
const SLOW = { timeout: 10_000 };
const BAD_LINES = [3, 1_800];

/** A JSONL file of `LINES` lines: a refusable record at line 3, a line that is not JSON at 1,800. */
function jsonlFile(run: string): string {
  return Array.from({ length: LINES }, (_, index) => {
    const line = index + 1;
    if (line === 3) return JSON.stringify({ inputs: "not an object" });
    if (line === 1_800) return "{ not json";
    const question = line === 1 ? `Where is my refund? ${run}` : `Question ${line} ${run}`;
    return JSON.stringify({
      inputs: { question },
      expectations: { expected_response: `Answer ${line}` },
      tags: { team: line % 2 === 0 ? "billing" : "support" },
    });
  }).join("\n");
}

describe("datasets in Chromium", () => {
  const baseUrl = inject("baseUrl");
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `golden-${run}`;
  const traces = [
    agentTrace({ startMs: Date.now() - 9 * 60_000, userId: "u-filter", question: `Filtered one ${run}` }),
    agentTrace({ startMs: Date.now() - 8 * 60_000, userId: "u-filter", question: `Filtered two ${run}` }),
    agentTrace({ startMs: Date.now() - 7 * 60_000, userId: "u-other", question: `Picked one ${run}` }),
    agentTrace({ startMs: Date.now() - 6 * 60_000, userId: "u-other", question: `Picked two ${run}` }),
  ];
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let projectId = "";
  const pageErrors: string[] = [];
  const shoot = async (target: Locator | Page, shot: string) => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    const path = join(OUTPUT_DIR, `${shot}.png`);
    await ("goto" in target ? target.screenshot({ path, fullPage: true }) : target.screenshot({ path }));
  };
  const api = async (method: "get" | "post", path: string, data?: unknown) => {
    const res = await context.request[method](`${baseUrl}${path}`, { data, headers: { origin: baseUrl } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      colorScheme: "light",
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const signup = (await api("post", "/api/v1/auth/signup", {
      name: "Dana Dataset",
      email: `datasets-${run}@example.com`,
      password: "datasets-keep-cases-42",
    })) as { project: { id: string } };
    projectId = signup.project.id;
    const { key } = (await api("post", `/api/v1/projects/${projectId}/api-keys`, {
      name: "datasets test",
      scopes: ["ingest"],
    })) as { key: string };
    const res = await fetch(`${baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(otlpJson(traces.flatMap((trace) => trace.spans))),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    // A picked trace's expectation, which its record must carry.
    await api("post", `/api/v1/projects/${projectId}/traces/${traces[2]?.traceId}/assessments`, {
      kind: "expectation",
      name: "expected_response",
      value: `Picked expectation ${run}`,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("explains datasets when there are none, and creates one (a taken name refused by its field)", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/datasets`);
    const empty = page.getByTestId("datasets-empty");
    await empty.waitFor();
    const text = (await empty.textContent()) ?? "";
    for (const word of ["inputs", "expectations", "Add to dataset", "JSONL", "SDK"])
      expect(text).toContain(word);
    await shoot(page, "datasets-empty");

    await empty.getByTestId("new-dataset").click();
    await page.getByTestId("dataset-submit").click();
    await expect
      .poll(() => page.getByTestId("dataset-dialog").textContent())
      .toContain("Give the dataset a name.");
    await page.getByTestId("dataset-name-input").fill(name);
    await page.getByTestId("dataset-description-input").fill("Support questions with the answers we expect.");
    await page.getByTestId("dataset-submit").click();
    await page.getByTestId("dataset-page").waitFor();
    expect(await page.getByTestId("page-title").textContent()).toBe(name);
    expect(await page.getByTestId("dataset-current-version").textContent()).toBe("No versions yet");
    expect(await page.getByTestId("records-empty").textContent()).toContain("import a file");

    // A second dataset of the same name is refused, by the name.
    await page.goto(`${baseUrl}/p/${projectId}/datasets`);
    await page.getByTestId("new-dataset").click();
    await page.getByTestId("dataset-name-input").fill(name);
    await page.getByTestId("dataset-submit").click();
    const field = page.getByTestId("dataset-dialog").locator(".field--invalid");
    await expect.poll(() => field.textContent(), SLOW).toContain("Pick another name");
    await page.keyboard.press("Escape");
  });

  it("imports a JSONL file in chunks with a progress bar, sends a failed chunk again, and reports the bad rows", async () => {
    // Each chunk waits a little, so the progress shows; the second chunk's first send fails.
    const sends = new Map<string, number>();
    await page.route("**/imports/*/chunks/*", async (route) => {
      const seq = new URL(route.request().url()).pathname.split("/").pop() ?? "";
      sends.set(seq, (sends.get(seq) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 600));
      if (seq === "1" && sends.get(seq) === 1) await route.fulfill({ status: 503, body: "busy" });
      else await route.continue();
    });
    await page.getByTestId("dataset-link").filter({ hasText: name }).click();
    await page.getByTestId("open-import").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "golden.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(jsonlFile(run)),
    });
    expect(await page.getByTestId("import-format").locator('[aria-checked="true"]').textContent()).toBe(
      "JSONL",
    );
    await page.getByTestId("import-message").fill("First 2,500 questions");
    await shoot(page.getByTestId("import-dialog").locator(".dialog__panel"), "datasets-import-choose");
    await page.getByTestId("start-import").click();

    const sent = page.getByTestId("import-sent");
    await expect.poll(() => sent.textContent(), { timeout: 20_000 }).toBe("1,000 of 2,500 lines sent");
    expect(await page.getByTestId("import-progress-bar").getAttribute("data-percent")).toBe("40");
    await shoot(page.getByTestId("import-dialog").locator(".dialog__panel"), "datasets-import-progress");

    await expect
      .poll(() => page.getByTestId("import-progress").getAttribute("data-phase"), { timeout: 30_000 })
      .toBe("done");
    await page.unroute("**/imports/*/chunks/*");
    expect(Object.fromEntries(sends)).toEqual({ "0": 1, "1": 2, "2": 1 });
    expect(await page.getByTestId("summary-accepted").textContent()).toBe("2,498");
    expect(await page.getByTestId("import-sent").textContent()).toBe("2,500 of 2,500 lines sent");
    expect(await page.getByTestId("summary-rejected").textContent()).toBe("2");
    expect(await page.getByTestId("summary-version").textContent()).toBe("v1");
    const rejected = page.getByTestId("rejected-row");
    expect(
      await rejected.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute("data-line")))),
    ).toEqual(BAD_LINES);
    expect(await rejected.first().textContent()).toContain("inputs");
    expect(await rejected.nth(1).textContent()).toContain("JSON");
    await shoot(page.getByTestId("import-dialog").locator(".dialog__panel"), "datasets-import-report");

    await page.getByTestId("close-import").click();
    await expect
      .poll(() => page.getByTestId("dataset-current-version").textContent(), SLOW)
      .toBe("Version 1");
    await expect.poll(() => page.getByTestId("records-total").textContent(), SLOW).toContain("2,498 records");
    expect(await page.getByTestId("record-row").count()).toBe(50);
  });

  it("searches and filters the records, and edits one inline (JSON checked here, then by the API)", async () => {
    await page.getByTestId("records-search").fill("Where is my refund");
    await expect.poll(() => page.getByTestId("record-row").count(), SLOW).toBe(1);
    await page.getByTestId("records-search").fill("");
    await page.getByTestId("records-search").press("Enter");
    await page.getByTestId("records-tag").fill("team:billing");
    await page.getByTestId("records-tag").press("Enter");
    await expect
      .poll(() => page.getByTestId("records-total").textContent(), SLOW)
      .toContain("1,249 records match");
    await page.getByTestId("records-tag").fill("");
    await page.getByTestId("records-tag").press("Enter");
    await page.getByTestId("records-search").fill("Where is my refund");
    await expect.poll(() => page.getByTestId("record-row").count(), SLOW).toBe(1);
    await shoot(page, "datasets-dataset");

    await page.getByTestId("edit-record").click();
    const expectations = page.getByTestId("record-expectations");
    await expectations.fill('{"expected_response": ');
    await expectations.blur();
    const editor = page.getByTestId("record-editor");
    await expect
      .poll(() => editor.locator(".field--invalid").textContent(), SLOW)
      .toContain("Not valid JSON");
    await shoot(page, "datasets-record-editing");
    await expectations.fill('{"expected_facts": "not a list"}');
    await page.getByTestId("record-save").click();
    await expect
      .poll(() => editor.locator(".field--invalid").textContent(), SLOW)
      .toContain("expected_facts");
    await shoot(editor, "datasets-record-refused");
    await expectations.fill('{"expected_response": "Refunds take 5 days", "expected_facts": ["5 days"]}');
    await page.getByTestId("record-message").fill("Say how long refunds take");
    await page.getByTestId("record-save").click();
    await expect
      .poll(() => page.getByTestId("dataset-current-version").textContent(), SLOW)
      .toBe("Version 2");
    await expect
      .poll(() => page.getByTestId("record-expectations-cell").textContent())
      .toContain("Refunds take 5 days");
  });

  it("lists versions 1 and 2, shows the diff between them, and reads version 1 back", async () => {
    await page.getByTestId("dataset-view").getByText("Versions (2)").click();
    const items = page.getByTestId("version-item");
    await expect.poll(() => items.count(), SLOW).toBe(2);
    expect(await items.first().textContent()).toContain("Say how long refunds take");
    expect(await items.nth(1).textContent()).toContain("First 2,500 questions");
    expect(await items.nth(1).textContent()).toContain("2,498 records");
    await expect
      .poll(() => page.getByTestId("diff-counts").textContent())
      .toContain("0 added · 0 removed · 1 changed");
    const change = page.getByTestId("diff-change");
    expect(await change.getAttribute("data-change")).toBe("changed");
    const before = change.locator(".ds-change__side").first();
    const after = change.locator(".ds-change__side").nth(1);
    expect(await before.textContent()).toContain("Answer 1");
    expect(await after.textContent()).toContain("Refunds take 5 days");
    await shoot(page.getByTestId("version-history"), "datasets-diff");

    await page.getByTestId("diff-from").selectOption("0");
    await expect
      .poll(() => page.getByTestId("diff-counts").textContent())
      .toContain("2,498 added · 0 removed · 0 changed");

    await items.nth(1).click();
    await page.getByTestId("view-version").click();
    await expect.poll(() => page.getByText("Version 1 of 2: read-only").count(), SLOW).toBe(1);
    expect(await page.getByTestId("edit-record").count()).toBe(0);
    expect(await page.getByTestId("add-record").count()).toBe(0);
    await page.getByTestId("records-search").fill("Where is my refund");
    await expect
      .poll(() => page.getByTestId("record-expectations-cell").textContent(), SLOW)
      .toContain("Answer 1");
    await page.getByTestId("back-to-current").click();
  });

  it("exports version 1 as CSV and the current version as JSONL through the download link", async () => {
    await page.getByTestId("open-export").click();
    await page.getByTestId("export-version").selectOption("1");
    await page.getByTestId("export-format").getByText("CSV").click();
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-download").click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`${name}-v1.csv`);
    const csvText = await readFile((await csv.path()) ?? "", "utf8");
    const rows = csvText.trim().split("\n");
    expect(rows[0]).toContain("inputs.question");
    expect(rows[0]).toContain("expectations.expected_response");
    expect(rows).toHaveLength(2_499);
    expect(csvText).toContain("Answer 1");
    expect(csvText).not.toContain("Refunds take 5 days");

    await page.getByTestId("export-version").selectOption("2");
    await page.getByTestId("export-format").getByText("JSONL").click();
    const [jsonl] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-download").click(),
    ]);
    const lines = (await readFile((await jsonl.path()) ?? "", "utf8")).trim().split("\n");
    expect(lines).toHaveLength(2_498);
    const edited = lines
      .map((line) => JSON.parse(line))
      .find((record) => record.inputs.question.startsWith("Where is"));
    expect(edited.expectations.expected_response).toBe("Refunds take 5 days");
    await page.keyboard.press("Escape");
  });

  it("adds selected traces from the traces list with their expectations, and all matching a filter to a new dataset", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/traces`);
    await expect.poll(() => page.getByTestId("trace-row").count(), SLOW).toBe(4);
    for (const trace of traces.slice(2))
      await page.locator(`[data-trace-id="${trace.traceId}"]`).getByTestId("select-trace").check();
    await shoot(page, "datasets-traces-picked");
    await page.getByTestId("add-to-dataset-button").click();
    const dialog = page.getByTestId("add-to-dataset");
    expect(await dialog.getByTestId("add-scope").locator('[aria-checked="true"]').textContent()).toBe(
      "2 selected",
    );
    await shoot(dialog.locator(".dialog__panel"), "datasets-add-traces-pick");
    await expect.poll(() => dialog.getByTestId("add-dataset-select").inputValue(), SLOW).not.toBe("");
    await dialog.getByTestId("add-traces-submit").click();
    const progress = dialog.getByTestId("add-traces-progress");
    await expect.poll(() => progress.getAttribute("data-status"), { timeout: 30_000 }).toBe("committed");
    expect(await dialog.getByTestId("summary-inserted").textContent()).toBe("2");
    expect(await dialog.getByTestId("summary-version").textContent()).toBe("v3");
    await shoot(dialog.locator(".dialog__panel"), "datasets-add-traces");
    await dialog.getByTestId("open-dataset").click();
    await page.getByTestId("records-source").selectOption("trace");
    await expect.poll(() => page.getByTestId("record-row").count(), SLOW).toBe(2);
    expect(await page.getByTestId("records-table").textContent()).toContain(`Picked expectation ${run}`);

    await page.goto(`${baseUrl}/p/${projectId}/traces?userId=u-filter`);
    await expect.poll(() => page.getByTestId("trace-row").count(), SLOW).toBe(2);
    await page.getByTestId("add-to-dataset-button").click();
    expect(await dialog.getByTestId("add-scope").locator('[aria-checked="true"]').textContent()).toBe(
      "All matching the filter",
    );
    await dialog.getByTestId("add-target").getByText("A new dataset").click();
    await dialog.getByTestId("add-dataset-name").fill(`filtered-${run}`);
    await dialog.getByTestId("add-traces-submit").click();
    await expect.poll(() => progress.getAttribute("data-status"), { timeout: 30_000 }).toBe("committed");
    expect(await dialog.getByTestId("summary-inserted").textContent()).toBe("2");
    await dialog.getByTestId("open-dataset").click();
    await expect.poll(() => page.getByTestId("record-row").count(), SLOW).toBe(2);
    expect(await page.getByTestId("records-table").textContent()).toContain(`Filtered one ${run}`);
  });

  it("adds the open trace from its page", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/traces/${traces[0]?.traceId}`);
    await page.getByTestId("add-to-dataset-button").click();
    const dialog = page.getByTestId("add-to-dataset");
    expect(await dialog.getByTestId("add-scope").count()).toBe(0);
    await expect.poll(() => dialog.getByTestId("add-dataset-select").locator("option").count(), SLOW).toBe(2);
    await dialog.getByTestId("add-dataset-select").selectOption({ label: `${name} (2,500 records)` });
    await dialog.getByTestId("add-traces-submit").click();
    await expect
      .poll(() => dialog.getByTestId("add-traces-progress").getAttribute("data-status"), { timeout: 30_000 })
      .toBe("committed");
    expect(await dialog.getByTestId("summary-inserted").textContent()).toBe("1");

    await page.goto(`${baseUrl}/p/${projectId}/datasets`);
    await expect.poll(() => page.getByTestId("dataset-link").count(), SLOW).toBe(2);
    const counts = await page.getByTestId("dataset-record-count").allTextContents();
    // The most recently changed first.
    expect(counts).toEqual(["2,501", "2"]);
    await shoot(page, "datasets-list");
    await page.getByTestId("datasets-search").fill("filtered");
    await expect.poll(() => page.getByTestId("dataset-link").count(), SLOW).toBe(1);
  });

  it("adds a record by hand, deletes it, and restores the version that had it", async () => {
    const version = page.getByTestId("dataset-current-version");
    const records = page.getByTestId("dataset-records");
    await page.getByTestId("datasets-search").fill("");
    await page.getByTestId("dataset-link").filter({ hasText: name }).click();
    await page.getByTestId("add-record").click();
    await page.getByTestId("record-inputs").fill(`{"question": "Added by hand ${run}"}`);
    await page.getByTestId("record-expectations").fill('{"expected_response": "Written by a person"}');
    await page.getByTestId("record-save").click();
    await expect.poll(() => version.textContent(), SLOW).toBe("Version 5");
    expect(await records.textContent()).toBe("2,502 records");

    await page.getByTestId("records-search").fill("Added by hand");
    await expect.poll(() => page.getByTestId("record-row").count(), SLOW).toBe(1);
    expect(await page.getByTestId("record-row").textContent()).toContain("human");
    await page.getByTestId("select-record").check();
    await page.getByTestId("delete-records").click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => version.textContent(), SLOW).toBe("Version 6");
    expect(await records.textContent()).toBe("2,501 records");
    await expect.poll(() => page.getByTestId("records-empty").count(), SLOW).toBe(1);

    await page.getByTestId("dataset-view").getByText("Versions (6)").click();
    await page.locator('[data-testid=version-item][data-version="5"]').click();
    await page.getByTestId("restore-version").click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Restore v5" }).click();
    await expect.poll(() => version.textContent(), SLOW).toBe("Version 7");
    expect(await records.textContent()).toBe("2,502 records");
    await expect.poll(() => page.getByTestId("record-row").count(), SLOW).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("imports a CSV file: its header as the columns, a stray quote reported at its line", async () => {
    await page.goto(`${baseUrl}/p/${projectId}/datasets`);
    await page
      .getByTestId("dataset-link")
      .filter({ hasText: `filtered-${run}` })
      .click();
    await page.getByTestId("open-import").click();
    const csv = [
      "inputs.question,expectations.expected_response,tags.team",
      '"Can I pay, later?",Yes,billing',
      'Is the 5" screen in stock?,No,store',
      '"A question over',
      'two lines",Fine,support',
    ].join("\r\n");
    await page
      .getByTestId("import-file")
      .setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    expect(await page.getByTestId("import-format").locator('[aria-checked="true"]').textContent()).toBe(
      "CSV",
    );
    await page.getByTestId("start-import").click();
    await expect
      .poll(() => page.getByTestId("import-progress").getAttribute("data-phase"), SLOW)
      .toBe("done");
    expect(await page.getByTestId("summary-accepted").textContent()).toBe("2");
    const rejected = page.getByTestId("rejected-row");
    expect(await rejected.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-line")))).toEqual([
      "3",
    ]);
    await page.getByTestId("close-import").click();
    await page.getByTestId("records-search").fill("two lines");
    await expect.poll(() => page.getByTestId("record-row").count(), SLOW).toBe(1);
    expect(await page.getByTestId("record-row").textContent()).toContain("support");
    expect(pageErrors).toEqual([]);
  });
});
