/**
 * What the stack cannot show (prompts-cache.test.ts covers the rest on the real stack): a refresh
 * that never settles, as one cut off with its Workers request would, is given up after
 * abandonAfterMs so the URI is refreshed again, and its late answer cannot overwrite a newer one.
 * The registry is a fetch function and the clock a variable here.
 */
import { describe, expect, it } from "vitest";
import type { SightlineError } from "../src/index.ts";
import { promptFromAnswer } from "../src/prompt.ts";
import { type Fetched, PromptCache } from "../src/prompt-cache.ts";
import { parsePromptUri } from "../src/prompt-refs.ts";

const version = (n: number) =>
  promptFromAnswer("test", {
    name: "faq",
    version: n,
    template: `v${n}`,
    responseFormat: null,
    modelConfig: null,
  });

describe("PromptCache", () => {
  it("gives up a refresh that never settles, and ignores its late answer", async () => {
    let now = 0;
    const answers: ((fetched: Fetched) => void)[] = [];
    const reported: SightlineError[] = [];
    const cache = new PromptCache({
      fetch: () => new Promise<Fetched>((resolve) => answers.push(resolve)),
      report: (e) => reported.push(e),
      ttlMs: 10,
      abandonAfterMs: 100,
      waitUntil: undefined,
      now: () => now,
    });
    const ref = parsePromptUri("prompts:/faq@production");
    if (!ref) throw new Error("a URI");
    const first = cache.get(ref, {});
    answers[0]?.({ notModified: false, prompt: version(1), etag: '"1"' });
    expect((await first).version).toBe(1);

    now = 20; // stale: one refresh starts, and never answers
    expect((await cache.get(ref, {})).version).toBe(1);
    now = 60;
    expect((await cache.get(ref, {})).version).toBe(1);
    expect(answers).toHaveLength(2); // still in flight: not started again

    now = 130; // given up: a new refresh starts, and answers version 3
    expect((await cache.get(ref, {})).version).toBe(1);
    expect(answers).toHaveLength(3);
    answers[2]?.({ notModified: false, prompt: version(3), etag: '"3"' });
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get(ref, {})).version).toBe(3);

    answers[1]?.({ notModified: false, prompt: version(2), etag: '"2"' }); // the lost one, late
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get(ref, {})).version).toBe(3);
    expect(reported).toEqual([]);
  });
});
