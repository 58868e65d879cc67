/**
 * The SDK's prompt cache against the real local stack, seen through a switchable proxy in front of
 * it (switchable-proxy.ts) that counts the resolve requests and can answer 503 or drop
 * connections: numbered versions fetched once, aliases not refetched within the TTL, the stale
 * copy answered at once after it while one background refresh revalidates (304 keeps the copy,
 * a moved alias is served from the call after the refresh), the last good copy while the registry
 * is down, and a cold start served from a bundled fallback.
 */
import { afterEach, describe, expect, it } from "vitest";
import { baseUrl, promptClient } from "./prompt-clients.ts";
import { rejection } from "./rejection.ts";
import { type SwitchableProxy, startSwitchableProxy } from "./switchable-proxy.ts";

const TTL = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const proxies: SwitchableProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

/** A registered prompt "faq" (v1 "one", v2 "two", production → 1), and an app client behind a proxy. */
async function setUp(label: string, options: { waitUntil?: (p: Promise<unknown>) => void } = {}) {
  const admin = await promptClient(label);
  await admin.client.prompts.register({ name: "faq", template: "one {{ q }}" });
  await admin.client.prompts.register({ name: "faq", template: "two {{ q }}" });
  await admin.client.prompts.setAlias("faq", "production", 1);
  const proxy = await startSwitchableProxy(baseUrl);
  proxies.push(proxy);
  const app = admin.another({ via: proxy.url, ttlMs: TTL, ...options });
  return { admin, proxy, app, prompts: app.client.prompts };
}

/** Collects the background refreshes handed to waitUntil, to await them. */
function refreshes() {
  const pending: Promise<unknown>[] = [];
  return {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    count: () => pending.length,
    settled: () => Promise.all(pending),
  };
}

describe("prompt cache", () => {
  it("fetches a numbered version once, and concurrent cold calls share one request", async () => {
    const { proxy, prompts } = await setUp("cache-numbered");
    const first = await prompts.get("faq", { version: 1 });
    for (let i = 0; i < 5; i++) expect(await prompts.get("prompts:/faq/1")).toBe(first);
    await sleep(TTL + 50); // numbered versions never expire
    expect(await prompts.get("faq", { version: 1 })).toBe(first);
    expect(proxy.resolves("prompts:/faq/1")).toEqual([200]);

    const cold = await Promise.all(Array.from({ length: 5 }, () => prompts.get("faq", { alias: "latest" })));
    expect(new Set(cold).size).toBe(1);
    expect(cold[0]?.version).toBe(2);
    expect(proxy.resolves("prompts:/faq@latest")).toEqual([200]);
    // The alias answer also filled the numbered entry: no request for version 2.
    expect((await prompts.get("prompts:/faq/2")).render({ q: "?" })).toBe("two ?");
    expect(proxy.resolves("prompts:/faq/2")).toEqual([]);
  });

  it("serves an alias from cache within the TTL, then stale at once while one refresh revalidates (304)", async () => {
    const { proxy, prompts, app } = await setUp("cache-swr");
    const uri = "prompts:/faq@production";
    const first = await prompts.get(uri);
    for (let i = 0; i < 5; i++) expect(await prompts.get(uri)).toBe(first);
    expect(proxy.resolves(uri)).toEqual([200]);

    await sleep(TTL + 50);
    proxy.delayMs = 400; // a slow registry must not slow the app
    const bg = refreshes();
    const started = performance.now();
    expect(await prompts.get(uri, { waitUntil: bg.waitUntil })).toBe(first);
    expect(await prompts.get(uri, { waitUntil: bg.waitUntil })).toBe(first);
    expect(performance.now() - started).toBeLessThan(100);
    expect(bg.count()).toBe(1); // one refresh in flight per URI
    await bg.settled();
    expect(proxy.resolves(uri)).toEqual([200, 304]);
    expect(proxy.log.at(-1)?.ifNoneMatch).toMatch(/.+/);
    expect(await prompts.get(uri)).toBe(first); // fresh again: no request
    expect(proxy.resolves(uri)).toEqual([200, 304]);
    expect(app.reported).toEqual([]);
  });

  it("serves a moved alias from the call after the refresh (client-level waitUntil, and Node without one)", async () => {
    const bg = refreshes();
    const { admin, proxy, prompts, app } = await setUp("cache-moved", { waitUntil: bg.waitUntil });
    const uri = "prompts:/faq@production";
    expect((await prompts.get(uri)).version).toBe(1);
    await admin.client.prompts.setAlias("faq", "production", 2);
    expect((await prompts.get(uri)).version).toBe(1); // within the TTL: not asked
    await sleep(TTL + 50);
    expect((await prompts.get(uri)).version).toBe(1); // stale, answered at once
    await bg.settled();
    expect((await prompts.get(uri)).version).toBe(2);
    expect(proxy.resolves(uri)).toEqual([200, 200]);

    // Without waitUntil the refresh still runs (Node keeps the promise alive).
    const plain = admin.another({ via: proxy.url, ttlMs: TTL }).client.prompts;
    expect((await plain.get(uri)).version).toBe(2);
    await admin.client.prompts.setAlias("faq", "production", 1);
    await sleep(TTL + 50);
    expect((await plain.get(uri)).version).toBe(2);
    await expect.poll(async () => (await plain.get(uri)).version, { timeout: 3000 }).toBe(1);
    expect(app.reported).toEqual([]);
  });

  it("keeps serving the last good copy while the registry answers 503 or drops connections, and reports it", async () => {
    const { proxy, prompts, app } = await setUp("cache-lkg");
    const uri = "prompts:/faq@production";
    const good = await prompts.get(uri);
    const numbered = await prompts.get("faq", { version: 2 });

    proxy.mode = "503";
    for (let round = 0; round < 2; round++) {
      await sleep(TTL + 50);
      const bg = refreshes();
      expect(await prompts.get(uri, { waitUntil: bg.waitUntil })).toBe(good);
      expect(await prompts.get(uri, { waitUntil: bg.waitUntil })).toBe(good);
      await bg.settled();
      // A failed refresh is tried again after another TTL, not on every call.
      expect(await prompts.get(uri)).toBe(good);
    }
    expect(proxy.resolves(uri)).toEqual([200, 503, 503]);
    expect(app.reported.map((e) => [e.kind, e.status, e.message])).toEqual([
      ["api_error", 503, expect.stringContaining(`${uri}: serving the last good copy (version 1)`)],
      ["api_error", 503, expect.stringContaining("switched off by the test proxy")],
    ]);
    expect(await prompts.get("prompts:/faq/2")).toBe(numbered); // never asked again
    expect(good.render({ q: "still works" })).toBe("one still works");

    proxy.mode = "drop";
    await sleep(TTL + 50);
    const dropped = refreshes();
    expect(await prompts.get(uri, { waitUntil: dropped.waitUntil })).toBe(good);
    await dropped.settled();
    expect(app.reported.at(-1)).toMatchObject({ kind: "request_failed" });

    proxy.mode = "pass";
    await sleep(TTL + 50);
    const back = refreshes();
    expect(await prompts.get(uri, { waitUntil: back.waitUntil })).toBe(good);
    await back.settled();
    expect(proxy.resolves(uri).at(-1)).toBe(304);
    expect(app.reported).toHaveLength(3);
  });

  it("on a cold start while the registry is down, rejects without a fallback and serves a bundled one", async () => {
    const { proxy, prompts, app } = await setUp("cache-cold");
    const uri = "prompts:/faq@production";
    proxy.mode = "503";
    expect(await rejection(prompts.get(uri))).toMatchObject({ kind: "api_error", status: 503 });
    expect(app.reported).toEqual([]);

    const fallback = { template: [{ role: "user", content: "Bundled: {{ q }}" }] };
    const served = await prompts.get(uri, { fallback });
    expect(served).toMatchObject({ isFallback: true, version: null, kind: "chat", uri, name: "faq" });
    expect(served.toMessages({ q: "hi" })).toEqual([{ role: "user", content: "Bundled: hi" }]);
    expect(app.reported.map((e) => e.message)).toEqual([
      expect.stringContaining(`${uri}: serving the bundled fallback`),
    ]);
    // A fallback is no stored version: rendering it links nothing.
    app.client.withSpan({ name: "uses fallback" }, (span) => {
      served.toMessages({ q: "x" });
      expect(span.getAttribute("sightline.prompt")).toBeUndefined();
    });
    // Kept as the copy to refresh: the next calls answer at once, without a fallback too.
    expect(await prompts.get(uri)).toBe(served);
    const requests = proxy.resolves(uri).length;

    proxy.mode = "pass";
    await sleep(TTL + 50);
    const bg = refreshes();
    expect(await prompts.get(uri, { fallback, waitUntil: bg.waitUntil })).toBe(served);
    await bg.settled();
    const real = await prompts.get(uri, { fallback });
    expect(real).toMatchObject({ isFallback: false, version: 1 });
    expect(proxy.resolves(uri).length).toBe(requests + 1);

    // Only an unreachable registry brings the fallback out: a wrong name still rejects.
    expect(await rejection(prompts.get("nope", { fallback }))).toMatchObject({ status: 404 });
  });

  it("the issue's Done-when app: takes production's move without a restart, keeps answering while the registry is down, and its traces name the version", async () => {
    const bg = refreshes();
    const { admin, proxy, app, prompts } = await setUp("done-when", { waitUntil: bg.waitUntil });
    const uri = "prompts:/faq@production";
    const answer = (q: string) =>
      app.client.withSpan({ name: "answer" }, async (span) => {
        const text = (await prompts.get(uri)).render({ q });
        return { text, traceId: span.traceId };
      });
    const first = await answer("a");
    expect(first.text).toBe("one a");
    // Promoted in the dashboard (the same API call): the running app serves it after its TTL.
    await admin.client.prompts.setAlias("faq", "production", 2);
    await sleep(TTL + 50);
    await answer("stale"); // answered at once from the stale copy while it refreshes
    await bg.settled();
    const second = await answer("b");
    expect(second.text).toBe("two b");
    await app.client.flush();
    // The registry goes away: the app keeps answering with version 2.
    proxy.mode = "drop";
    await sleep(TTL + 50);
    expect((await prompts.get(uri)).render({ q: "c" })).toBe("two c");
    await bg.settled();
    proxy.mode = "pass";
    // Each version's page lists the traces that rendered it.
    const tracesOf = async (version: number) => {
      const res = await fetch(
        `${baseUrl}/api/v1/projects/${admin.projectId}/prompts/faq/versions/${version}/traces`,
        { headers: { authorization: `Bearer ${admin.key}` } },
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { traces: { traceId: string }[] }).traces.map((t) => t.traceId);
    };
    await expect.poll(() => tracesOf(2), { timeout: 5000 }).toContain(second.traceId);
    expect(await tracesOf(1)).toContain(first.traceId);
    expect(await tracesOf(1)).not.toContain(second.traceId);
  });
});
