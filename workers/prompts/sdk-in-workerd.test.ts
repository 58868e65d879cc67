/**
 * The SDK's prompt registry inside workerd (a Worker that renders prompts): prompts.get through
 * this Worker's own routes, the background revalidation handed to waitUntil (answered 304), and
 * a version rendered in a span linked on the stored trace. The prompt path of the SDK uses only
 * fetch, timers and AbortController; this is where that is checked.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SightlineClient, type SightlineError } from "../../sdk/src/index.ts";
import { createKey, signUp } from "../test/accounts";
import { BASE } from "../test/helpers";
import { getTrace } from "../test/trace-api";

describe("the SDK's prompts in workerd", () => {
  it("gets, revalidates through waitUntil, renders and links a version", async () => {
    const owner = await signUp();
    const { key } = await createKey(owner, ["ingest", "admin"]);
    const errors: SightlineError[] = [];
    const inProcess = (input: RequestInfo | URL, init?: RequestInit) =>
      exports.default.fetch(new Request(input, init));
    // The admin side registers and promotes; the app's client (its own cache) only reads.
    const admin = new SightlineClient({
      apiKey: key,
      baseUrl: BASE,
      projectId: owner.projectId,
      fetch: inProcess,
    });
    await admin.prompts.register({
      name: "answer",
      template: [
        { role: "system", content: "You answer for {{ product }}." },
        { role: "user", content: "{{ question }}" },
      ],
    });
    await admin.prompts.setAlias("answer", "production", 1);

    const resolves: number[] = [];
    const background: Promise<unknown>[] = [];
    const client = new SightlineClient({
      apiKey: key,
      baseUrl: BASE,
      projectId: owner.projectId,
      // This Worker's fetch handler, called in-process; resolve answers are counted.
      fetch: async (input, init) => {
        const res = await inProcess(input, init);
        if (String(input).includes("/prompts/resolve?")) resolves.push(res.status);
        return res;
      },
      flushIntervalMs: 60_000,
      promptCacheTtlMs: 0, // every call past the first revalidates in the background
      waitUntil: (p) => void background.push(p),
      onError: (e) => errors.push(e),
    });

    const traceId = await client.withSpan({ name: "agent" }, async (span) => {
      const prompt = await client.prompts.get("prompts:/answer@production");
      expect(await client.prompts.get("prompts:/answer@production")).toBe(prompt);
      expect(prompt.toMessages({ product: "Sightline", question: "Why?" })).toEqual([
        { role: "system", content: "You answer for Sightline." },
        { role: "user", content: "Why?" },
      ]);
      return span.traceId;
    });
    expect(background).toHaveLength(1); // one refresh in flight for the URI
    await Promise.all(background);
    expect(resolves).toEqual([200, 304]);
    await client.shutdown();
    expect(errors).toEqual([]);

    const trace = await getTrace(owner.cookie, owner.projectId, traceId);
    expect((trace as unknown as { prompts: { name: string; version: number }[] }).prompts).toMatchObject([
      { name: "answer", version: 1 },
    ]);
  });
});
