import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../../scripts/stack.ts";
import { type StackAccount, signUpOnStack } from "../../scripts/stack-account.ts";
import { launchChromium, screenshot } from "./browser.ts";

/**
 * Issue 12, what a user sees: each recorded instrumentation library (tests/fixtures/clients/) is
 * replayed into an organization of its own, and its trace must read as chat. The model call that
 * answers after the tool shows the question, the assistant's "calls get_weather · city: Paris"
 * with the tool's result beside it, and the answer; the trace list shows question and answer.
 */

type ClientFixture = {
  library: string;
  expected: { systemPrompt: string; question: string; toolName: string; finalAnswer: string };
  requests: { path: string; headers: Record<string, string>; bodyBase64: string }[];
};

type TraceSpan = { spanId: string; spanType: string; startTime: string; inputs: unknown };

const FIXTURES_DIR = join(ROOT, "tests", "fixtures", "clients");
const FIXTURES: ClientFixture[] = readdirSync(FIXTURES_DIR)
  .filter((file) => file.endsWith(".json") && !file.endsWith(".decoded.json"))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(FIXTURES_DIR, file), "utf8")) as ClientFixture);

/** createAgent's system prompt is content blocks that OpenInference's flattened messages leave out. */
const NO_SYSTEM_TEXT = new Set(["langchain-openinference"]);
const MODEL_TYPES = new Set(["LLM", "CHAT_MODEL"]);

/** The first model call whose input holds the tool's call and result: the turn after the tool. */
function conversationSpan(spans: TraceSpan[], toolName: string): TraceSpan {
  const span = spans
    .filter((s) => MODEL_TYPES.has(s.spanType))
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
    .find((s) => {
      const inputs = JSON.stringify(s.inputs ?? null);
      return inputs.includes(toolName) && inputs.includes("temperatureC");
    });
  if (!span) throw new Error(`no model span's input has the ${toolName} call and its result`);
  return span;
}

/** `sl_session=…` from the signup answer, as a cookie of the browser context. */
function cookieOf(header: string, url: string): { name: string; value: string; url: string } {
  const at = header.indexOf("=");
  return { name: header.slice(0, at), value: header.slice(at + 1), url };
}

const bubbles = (scope: Locator, role: string) =>
  scope.locator(`[data-testid="chat-message"][data-role="${role}"]`);

/** The inputs of the turn after the tool as bubbles, the tool call on one line with its result. */
async function expectConversation(inputs: Locator, want: ClientFixture["expected"], systemText: boolean) {
  if (systemText) expect(await bubbles(inputs, "system").first().textContent()).toContain(want.systemPrompt);
  const user = bubbles(inputs, "user").first();
  expect(await user.isVisible()).toBe(true);
  expect(await user.textContent()).toContain(want.question);

  const assistant = bubbles(inputs, "assistant").first();
  expect(await assistant.isVisible()).toBe(true);
  const call = assistant.locator(`[data-testid="chat-tool-call"][data-tool="${want.toolName}"]`);
  expect(await call.count()).toBe(1);
  expect(await call.isVisible()).toBe(true);
  expect(await call.textContent()).toContain(`calls ${want.toolName} · city: Paris`);
  const result = call.getByTestId("chat-tool-result");
  expect(await result.isVisible()).toBe(true);
  expect(await result.textContent()).toContain("temperatureC: 18");
}

describe("recorded client libraries on the trace page", () => {
  const baseUrl = inject("baseUrl");
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("has a fixture for each of the seven libraries", () => {
    expect(FIXTURES.map((f) => f.library)).toEqual([
      "langchain-openinference",
      "langfuse",
      "openinference-openai",
      "otel-instrumentation-openai",
      "traceloop",
      "vercel-ai-6",
      "vercel-ai-7",
    ]);
  });

  /** Sends each request as the library did; Langfuse's exporter with Basic auth, the key as password. */
  async function replay(fixture: ClientFixture, key: string): Promise<void> {
    for (const request of fixture.requests) {
      const headers = new Headers({
        "content-type": request.headers["content-type"] ?? "application/x-protobuf",
        authorization: request.headers.authorization?.startsWith("Basic ")
          ? `Basic ${btoa(`pk-lf-test:${key}`)}`
          : `Bearer ${key}`,
      });
      const encoding = request.headers["content-encoding"];
      if (encoding) headers.set("content-encoding", encoding);
      const res = await fetch(`${baseUrl}${request.path}`, {
        method: "POST",
        headers,
        body: Buffer.from(request.bodyBase64, "base64"),
      });
      expect(res.status, `${request.path}: ${await res.text()}`).toBe(200);
    }
  }

  async function api<T>(account: StackAccount, path: string): Promise<T> {
    const res = await fetch(`${baseUrl}/api/v1/projects/${account.projectId}${path}`, {
      headers: { cookie: account.cookie },
    });
    const body = await res.text();
    expect(res.status, body).toBe(200);
    return JSON.parse(body) as T;
  }

  it.each(FIXTURES.map((f) => [f.library, f] as const))(
    "%s reads as chat: role bubbles, the tool call with its result, question and answer in the list",
    async (library, fixture) => {
      const want = fixture.expected;
      const account = await signUpOnStack(baseUrl, `clients-${library}`);
      await replay(fixture, await account.key(["ingest"]));
      const { traces } = await api<{ traces: { traceId: string }[] }>(
        account,
        "/traces?from=2026-01-01T00:00:00Z",
      );
      expect(traces).toHaveLength(1);
      const traceId = traces[0]?.traceId ?? "";
      const { spans } = await api<{ spans: TraceSpan[] }>(account, `/traces/${traceId}`);
      const chatSpan = conversationSpan(spans, want.toolName);

      // Tall enough that the span detail shows inputs and outputs without scrolling.
      const context = await browser.newContext({
        viewport: { width: 1440, height: 1500 },
        colorScheme: "light",
      });
      context.setDefaultTimeout(10_000);
      const pageErrors: string[] = [];
      try {
        await context.addCookies([cookieOf(account.cookie, baseUrl)]);
        const page = await context.newPage();
        page.on("pageerror", (err) => pageErrors.push(err.message));

        await page.goto(`${baseUrl}/p/${account.projectId}/traces`);
        const row = page.locator(`[data-testid="trace-row"][data-trace-id="${traceId}"]`);
        await row.waitFor();
        expect(await row.textContent()).toContain(want.question);
        expect(await row.textContent()).toContain(want.finalAnswer);

        await row.getByTestId("trace-link").click();
        await page.waitForURL(`${baseUrl}/p/${account.projectId}/traces/${traceId}`);
        await page.locator(`[data-testid="span-row"][data-span-id="${chatSpan.spanId}"]`).click();
        const detail = page.locator(`[data-testid="span-detail"][data-span-id="${chatSpan.spanId}"]`);
        const inputs = detail.getByTestId("span-inputs");
        await inputs.getByTestId("chat-view").waitFor();

        await expectConversation(inputs, want, !NO_SYSTEM_TEXT.has(library));
        expect(await bubbles(detail.getByTestId("span-outputs"), "assistant").textContent()).toContain(
          want.finalAnswer,
        );
        expect(await inputs.getByRole("button", { name: "Raw JSON of the inputs" }).isVisible()).toBe(true);

        await page.mouse.move(0, 0);
        await screenshot(page, `clients-${library}`);
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
