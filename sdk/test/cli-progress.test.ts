/** The CLI's import and eval progress (a bar, a log line) and its report of rejected rows, as text. */
import { describe, expect, it } from "vitest";
import { evalProgress } from "../src/cli/eval-report.ts";
import { bytes, progressBar, progressLine, reportText } from "../src/cli/progress.ts";
import type { ImportProgress, ImportReport } from "../src/imports.ts";
import type { EvaluateProgress } from "../src/index.ts";

const progress = (over: Partial<ImportProgress> = {}): ImportProgress => ({
  stage: "sending",
  rows: 6_000,
  chunks: 6,
  accepted: 5_998,
  rejected: 2,
  bytesRead: 3 * 1024 * 1024,
  totalBytes: 5 * 1024 * 1024,
  ...over,
});

describe("import progress", () => {
  it("draws a bar of the share of the file read, with the counts and sizes", () => {
    expect(progressBar(progress(), 10)).toBe("[██████░░░░]  60%  6,000 rows, 2 rejected  3.0 MB / 5.0 MB");
    expect(progressBar(progress({ rejected: 0, bytesRead: 0 }), 4)).toBe(
      "[░░░░]   0%  6,000 rows  0 B / 5.0 MB",
    );
    expect(progressBar(progress({ stage: "committing" }), 4)).toBe(
      "[████] 100%  6,000 rows, 2 rejected, committing…  3.0 MB / 5.0 MB",
    );
    // Text given in memory with no size: counts only.
    expect(progressBar(progress({ totalBytes: null }), 10)).toBe("6,000 rows, 2 rejected");
  });

  it("writes one line for a log", () => {
    expect(progressLine(progress())).toBe("sent 6,000 rows in 6 chunks (2 rejected), 60% of 5.0 MB");
    expect(progressLine(progress({ rejected: 0, totalBytes: null }))).toBe("sent 6,000 rows in 6 chunks");
    expect(progressLine(progress({ stage: "committing" }))).toBe("committing 6,000 rows…");
  });

  it("shows sizes in B, KB, MB and GB", () => {
    expect([0, 1023, 1536, 5 * 1024 ** 2, 3 * 1024 ** 3].map(bytes)).toEqual([
      "0 B",
      "1023 B",
      "1.5 KB",
      "5.0 MB",
      "3.0 GB",
    ]);
  });
});

describe("the import report", () => {
  const report = (over: Partial<ImportReport> = {}): ImportReport => ({
    import: {} as ImportReport["import"],
    version: 3,
    rows: 1_204,
    accepted: 1_202,
    rejected: 2,
    inserted: 1_000,
    updated: 200,
    unchanged: 2,
    errors: [
      { line: 7, reason: "not JSON: Unexpected token" },
      { line: 90, reason: "inputs: must have at least one key" },
    ],
    ...over,
  });

  it("says what was written and lists each rejected row by line", () => {
    expect(reportText(report(), '"golden"')).toBe(
      [
        'Imported into "golden", version 3: 1,202 rows accepted (1,000 inserted, 200 updated, 2 unchanged), 2 rejected.',
        "Rejected rows:",
        "  line 7: not JSON: Unexpected token",
        "  line 90: inputs: must have at least one key",
      ].join("\n"),
    );
  });

  it("says how many rejected rows the server did not keep", () => {
    const text = reportText(report({ rejected: 1_502 }), "d");
    expect(text.split("\n").at(-1)).toBe("  … and 1,500 more (the server keeps the first 1,000 of its own)");
    expect(reportText(report({ rejected: 0, errors: [], version: null }), "d")).toBe(
      "Imported into d, no new version: 1,202 rows accepted (1,000 inserted, 200 updated, 2 unchanged), 0 rejected.",
    );
  });
});

describe("eval progress", () => {
  const p = (over: Partial<EvaluateProgress> = {}): EvaluateProgress => ({
    stage: "predicting",
    runId: "run_1",
    url: "http://localhost:8787/p/prj_1/evaluations/run_1",
    records: 40,
    predicted: 10,
    failed: 1,
    scoring: { total: 30, done: 6, errors: 0 },
    ...over,
  });

  it("draws the predictions, then the scoring, and says when to draw at once", () => {
    expect(evalProgress.bar(p(), 8)).toBe("predicting [██░░░░░░]  25%  10 / 40 records (1 failed)");
    expect(evalProgress.bar(p({ stage: "scoring", scoring: { total: 30, done: 15, errors: 2 } }), 4)).toBe(
      "scoring    [██░░]  50%  15 / 30 scores, 2 errors",
    );
    expect(evalProgress.line(p({ failed: 0 }))).toBe("predicted 10 of 40 records");
    expect(evalProgress.line(p({ stage: "scoring" }))).toBe("scored 6 of 30 (0 errors)");
    expect(evalProgress.urgent(p())).toBe(false);
    expect(evalProgress.urgent(p({ predicted: 40 }))).toBe(true);
    expect(evalProgress.urgent(p({ stage: "done" }))).toBe(true);
  });
});
