/**
 * `sightline eval --junit FILE`: JUnit XML as CI systems read it — a test case per gate, per
 * compared scorer and per regressed record, failing ones with a <failure>. The XML is written by
 * fast-xml-parser's builder, which escapes &, <, >, " and ' in text and attributes; characters
 * XML 1.0 cannot hold at all (most control characters) are replaced by U+FFFD first.
 */
import type { EvalOutcome } from "./eval-report.ts";

type Case = { name: string; classname: string; failure?: { message: string; text: string } };

/** Characters outside XML 1.0's Char production. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const clean = (text: string) => text.replace(NOT_XML, "\uFFFD");

function casesOf(outcome: EvalOutcome): Case[] {
  const cases: Case[] = outcome.gates.map((g) => ({
    name: g.gate.text,
    classname: "sightline.gates",
    ...(g.passed ? {} : { failure: { message: g.detail, text: g.detail } }),
  }));
  const { baseline, result } = outcome;
  if (!baseline) return cases;
  for (const m of baseline.metrics)
    cases.push({
      name: `${m.scorer} against ${baseline.baselineId}`,
      classname: "sightline.baseline",
      ...(m.verdict === "worse"
        ? {
            failure: {
              message: m.summary ?? m.verdict,
              text: `${m.baseline} → ${m.candidate}, difference ${m.difference}, ${m.test} p = ${m.pValue}, Holm-adjusted ${m.adjustedPValue}`,
            },
          }
        : {}),
    });
  const inputs = new Map(result.rows.map((r) => [r.rowKey, r.inputs]));
  for (const r of baseline.regressions)
    cases.push({
      name: `${r.scorer}: record ${r.rowKey}`,
      classname: `sightline.regressions.${r.scorer}`,
      failure: {
        message: `regressed: ${String(r.baseline)} in ${baseline.baselineId}, ${String(r.candidate)} in ${result.runId}`,
        text: `inputs: ${JSON.stringify(inputs.get(r.rowKey) ?? null)}`,
      },
    });
  return cases;
}

export async function junitXml(outcome: EvalOutcome): Promise<string> {
  const { XMLBuilder } = await import("fast-xml-parser");
  const cases = casesOf(outcome);
  const failures = cases.filter((c) => c.failure).length;
  const name = `sightline eval: ${outcome.result.run.name}`;
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    format: true,
    suppressEmptyNode: true,
  });
  const body = builder.build({
    testsuites: {
      "@name": clean(name),
      "@tests": cases.length,
      "@failures": failures,
      testsuite: {
        "@name": clean(name),
        "@tests": cases.length,
        "@failures": failures,
        "@errors": 0,
        "@timestamp": outcome.result.run.createdAt,
        properties: {
          property: [
            { "@name": "runId", "@value": outcome.result.runId },
            { "@name": "url", "@value": outcome.result.url },
          ],
        },
        testcase: cases.map((c) => ({
          "@name": clean(c.name),
          "@classname": clean(c.classname),
          ...(c.failure
            ? {
                failure: {
                  "@message": clean(c.failure.message),
                  "@type": "AssertionError",
                  "#text": clean(c.failure.text),
                },
              }
            : {}),
        })),
      },
    },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}
