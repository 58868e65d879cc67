/**
 * Browser: a 10,000-span trace opened in headless Chromium, from navigation start until a
 * row click has selected a span (the tree is interactive). Repeated, reporting p50 and best.
 */
import { launchChromium } from "../../tests/browser/browser.ts";
import { newSpanId, newTraceId, otlpProtobuf, type SpanInput } from "../../workers/test/otlp-builders";
import { ensureChromium } from "../ensure-chromium.ts";
import { percentile, round, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const SPANS = 10_000;
const REPEATS = 5;
const FAN_OUT = 8;

function hugeTrace(): { traceId: string; spans: SpanInput[] } {
  const traceId = newTraceId();
  const ids = Array.from({ length: SPANS }, () => newSpanId());
  const kinds = ["CHAIN", "LLM", "TOOL", "RETRIEVER", "EMBEDDING"];
  const at = Date.now() - 60_000;
  const spans = ids.map(
    (spanId, i): SpanInput => ({
      traceId,
      spanId,
      parentSpanId: i === 0 ? undefined : ids[Math.floor((i - 1) / FAN_OUT)],
      name: i === 0 ? "nightly_batch" : `step_${i}`,
      startMs: at + i * 0.4,
      durationMs: i === 0 ? SPANS * 0.4 + 20 : 3 + (i % 9),
      attributes: {
        "openinference.span.kind": kinds[i % kinds.length] ?? "CHAIN",
        "input.value": `input of step ${i}`,
      },
    }),
  );
  return { traceId, spans };
}

export const browserSuite: BenchSuite = {
  name: "browser",
  description: `a ${SPANS}-span trace in headless Chromium, ${REPEATS} page loads`,
  // The same check as `npm run test:browser`: installs Debian's Chromium when missing (as root).
  prepare: ensureChromium,
  async run() {
    const bench = await startBenchStack("browser");
    const browser = await launchChromium();
    try {
      const key = await bench.key(["ingest"]);
      const { traceId, spans } = hugeTrace();
      for (let from = 0; from < spans.length; from += 1000) {
        const res = await fetch(`${bench.stack.url}/v1/traces`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" },
          body: new Uint8Array(otlpProtobuf(spans.slice(from, from + 1000))),
        });
        if (res.status !== 200) throw new Error(`ingest failed: ${res.status}`);
      }
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const [name, value] = bench.cookie.split("=");
      await context.addCookies([{ name: name ?? "", value: value ?? "", url: bench.stack.url }]);
      const page = await context.newPage();
      await page.goto(`${bench.stack.url}/traces`); // warm the app bundle and the session
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        await page.goto(`${bench.stack.url}/traces/${traceId}`);
        await page.getByTestId("span-row").first().waitFor({ timeout: 30_000 });
        const row = page.getByTestId("span-row").nth(4);
        await row.click();
        await page.waitForFunction(
          () =>
            document.querySelectorAll('[data-testid="span-row"]')[4]?.getAttribute("aria-selected") ===
            "true",
        );
        times.push(await page.evaluate(() => performance.now()));
      }
      times.sort((a, b) => a - b);
      const rows: BenchRow[] = [
        {
          suite: "browser",
          metric: "10k-span trace interactive p50",
          value: round(percentile(times, 50), 0),
          unit: "ms",
          goal: "<= 1000 ms",
        },
        {
          suite: "browser",
          metric: "10k-span trace interactive best",
          value: round(times[0] ?? Number.NaN, 0),
          unit: "ms",
        },
      ];
      return rows;
    } finally {
      await browser.close();
      await bench.stop();
    }
  },
};
