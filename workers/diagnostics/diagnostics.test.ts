import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { call, env, postJson } from "../test/helpers";
import { documentedOperations } from "../test/security";
import type { QueueProbe } from "./service";

// The documented paths: if a route is renamed without its documentation, these tests fail.
const PROBES = "/api/diagnostics/queue-probes";
const PROBE = "/api/diagnostics/queue-probes/{probeId}";

async function diagnosticsOperations() {
  return (await documentedOperations()).filter((op) => op.path.startsWith("/api/diagnostics/"));
}

async function startProbe(): Promise<QueueProbe> {
  const started = await postJson(PROBES, {});
  expect(started.status).toBe(202);
  return (await started.json()) as QueueProbe;
}

describe("diagnostics routes", () => {
  it("are documented as public routes, and answer there outside production", async () => {
    const documented = (await diagnosticsOperations()).map(
      (op) => `${op.method} ${op.path} ${op.rule.level}`,
    );
    expect(documented.sort()).toEqual([`GET ${PROBE} public`, `POST ${PROBES} public`]);
    const probe = await startProbe();
    const read = await call(PROBE.replace("{probeId}", probe.id));
    expect(read.status).toBe(200);
    expect(((await read.json()) as QueueProbe).id).toBe(probe.id);
  });

  it("do not exist in production (unauthenticated by design, so dev and test only)", async () => {
    // A probe that exists, so that only the production gate can make reading it a 404.
    const probe = await startProbe();
    const production = { ...env, SIGHTLINE_ENV: "production" };
    const operations = await diagnosticsOperations();
    expect(operations).toHaveLength(2);
    for (const op of operations) {
      const res = await worker.fetch(
        new Request(`http://x${op.path.replace("{probeId}", probe.id)}`, {
          method: op.method,
          ...(op.method === "POST" ? { headers: { "content-type": "application/json" }, body: "{}" } : {}),
        }),
        production,
        createExecutionContext(),
      );
      expect(res.status, `${op.method} ${op.path}`).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  });
});
