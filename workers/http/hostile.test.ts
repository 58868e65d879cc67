/**
 * The hostile-input suite over the JSON API (issue 10): every documented operation × the
 * mutations of test/hostile.ts, sent with a credential allowed to call it, so each request gets
 * past access control into validation and the domain code. Reads run a few at a time; writes run
 * one at a time with the tenant's rows compared around each (a refused write changes nothing).
 * OTLP ingest has its own suite (hostile-otlp.test.ts).
 */
import { describe, expect, it } from "vitest";
import { asUser, createKey, signUp } from "../test/accounts";
import { call, expectError } from "../test/helpers";
import { type HostileCase, hostileCases } from "../test/hostile";
import {
  changedTables,
  illFormedRows,
  inPool,
  judge,
  notUtf8Columns,
  printable,
  withTimeout,
} from "../test/hostile-checks";
import {
  bodyExpectation,
  DOCUMENT_MUTATIONS,
  PATH_MUTATIONS,
  QUERY_MUTATIONS,
  VALUE_MUTATIONS,
} from "../test/hostile-mutations";
import { agentTrace, sendOtlpJson } from "../test/otlp";
import {
  documentedOperations,
  fill,
  makeTenant,
  type Operation,
  openApiDocument,
  type Tenant,
  tenantRows,
} from "../test/security";

const REQUEST_TIMEOUT_MS = 20_000;
const READ_CONCURRENCY = 6;

type Outcome = { c: HostileCase; status: number; failure: string | null };

async function runCase(c: HostileCase): Promise<Outcome> {
  const { path, init, expect: owed } = c.build();
  try {
    const res = await withTimeout(call(path, init), REQUEST_TIMEOUT_MS, `${c.operation} ${c.mutation}`);
    const verdict = await judge(res, owed);
    return { c, status: verdict.status, failure: verdict.failure };
  } catch (err) {
    return { c, status: 0, failure: `request failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Every documented GET of the tenant, unmutated: after an accepted write, all must still answer well. */
async function readBack(ops: Operation[], t: Tenant): Promise<string[]> {
  const failures: string[] = [];
  for (const op of ops.filter((o) => o.method === "GET")) {
    const res = await asUser(t.owner.cookie, fill(op.path, t));
    const verdict = await judge(res, { kind: "any", why: "reading back" });
    if (verdict.failure) failures.push(`GET ${op.path} (read back): ${verdict.failure}`);
  }
  return failures;
}

describe("hostile input on every documented route", () => {
  it("never a 5xx; every error is the one error body; a 4xx writes nothing; a 2xx keeps text well-formed", async () => {
    const started = Date.now();
    const [own, other] = await Promise.all([makeTenant("Hostile"), makeTenant("Bystander")]);
    const doc = await openApiDocument();
    const ops = await documentedOperations({ doc });
    const byOp = ops.map((op) => ({ op, cases: hostileCases(op, doc, own) }));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const record = (o: Outcome) => {
      statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
      if (o.failure) failures.push(`${o.c.operation} | ${o.c.mutation} | ${o.failure}`);
    };
    const otherBefore = await tenantRows([other]);

    // Reads: concurrently, then the tenant's rows must be exactly as before.
    const reads = byOp.filter(({ op }) => op.method === "GET").flatMap(({ cases }) => cases);
    const beforeReads = await tenantRows([own]);
    await inPool(reads, READ_CONCURRENCY, async (c) => record(await runCase(c)));
    const readChanges = changedTables(beforeReads, await tenantRows([own]));
    if (readChanges.length > 0) failures.push(`GET cases changed rows in ${readChanges.join(", ")}`);

    // Writes: one at a time, the rows compared around each.
    // Snapshots are read as bytes (hex): one read per write both finds text that is not UTF-8 and
    // shows what changed; the rows are read as text only after an accepted write.
    let snapshot = await tenantRows([own], { hex: true });
    const knownBad = new Set(illFormedRows(await tenantRows([own])));
    let writes = 0;
    let poisoned = false;
    for (const { op, cases } of byOp.filter(({ op }) => op.method !== "GET")) {
      if (poisoned) break;
      let accepted = 0;
      for (const c of cases) {
        const outcome = await runCase(c);
        writes++;
        record(outcome);
        // Text that is not UTF-8 aborts the local libSQL server when read: look at the bytes
        // before reading anything, and stop there.
        const after = await tenantRows([own], { hex: true });
        const notUtf8 = notUtf8Columns(after);
        if (notUtf8.length > 0) {
          failures.push(
            `${c.operation} | ${c.mutation} | stored text that is not UTF-8 (suite stopped): ${notUtf8.join("; ")}`,
          );
          poisoned = true;
          break;
        }
        const changed = changedTables(snapshot, after);
        if (outcome.status >= 400 && changed.length > 0)
          failures.push(
            `${c.operation} | ${c.mutation} | ${outcome.status} but changed rows in ${changed.join(", ")}`,
          );
        if (outcome.status >= 200 && outcome.status < 300) {
          accepted++;
          for (const bad of illFormedRows(await tenantRows([own])).filter((b) => !knownBad.has(b))) {
            knownBad.add(bad);
            failures.push(`${c.operation} | ${c.mutation} | stored a lone surrogate: ${bad}`);
          }
        }
        snapshot = after;
      }
      if (accepted > 0 && !poisoned)
        failures.push(...(await readBack(ops, own)).map((f) => `after ${op.method} ${op.path}: ${f}`));
    }

    const otherChanges = poisoned ? [] : changedTables(otherBefore, await tenantRows([other]));
    if (otherChanges.length > 0)
      failures.push(`the other tenant's rows changed in ${otherChanges.join(", ")}`);
    const total = reads.length + writes;
    const kinds =
      VALUE_MUTATIONS.length + DOCUMENT_MUTATIONS.length + PATH_MUTATIONS.length + QUERY_MUTATIONS.length + 2;
    const answered = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(
      `hostile API suite: ${ops.length} operations × ${kinds} kinds of mutation (those that apply to each field, ` +
        `parameter and body) = ${total} requests (${reads.length} reads, ${writes} writes); answers ${answered.join(" ")}; ` +
        `${failures.length} failures; ${Date.now() - started} ms`,
    );
    expect(total).toBeGreaterThan(1000);
    if (failures.length > 0)
      throw new Error(printable(`${failures.length} hostile case(s) failed:\n${failures.join("\n")}`));
  }, 240_000);

  it("judges what it is for: each check fails on the answer it guards against", async () => {
    const json = (status: number, body: string, requestId = "req_a") =>
      new Response(body, {
        status,
        headers: { "content-type": "application/json", "x-request-id": requestId },
      });
    const error = (code: string, requestId = "req_a") =>
      JSON.stringify({ error: { code, message: "m", requestId } });
    const any = { kind: "any", why: "test" } as const;
    const invalid = { kind: "error", statuses: [422], code: "INVALID_INPUT", why: "test" } as const;

    expect((await judge(new Response("boom", { status: 500 }), any)).failure).toMatch(/^500/);
    expect((await judge(json(503, error("SERVICE_UNAVAILABLE")), any)).failure).toMatch(/^503/);
    expect((await judge(json(422, error("INVALID_INPUT", "req_b")), invalid)).failure).toMatch(/requestId/);
    expect((await judge(json(422, error("NOT_FOUND")), invalid)).failure).toMatch(/does not belong/);
    expect((await judge(json(400, error("BAD_REQUEST")), invalid)).failure).toMatch(/expected 422/);
    expect((await judge(json(422, '{"error":{"code":"INVALID_INPUT"}}'), invalid)).failure).toMatch(/fields/);
    expect((await judge(json(200, "{}"), invalid)).failure).toMatch(/expected 422/);
    expect((await judge(json(200, '{"name":"ab\\ud800cd"}'), any)).failure).toMatch(/lone surrogates/);
    expect((await judge(json(200, '{"v":"{\\"q\\":\\"\\\\udc00\\"}"}'), any)).failure).toMatch(
      /lone surrogates/,
    );
    expect((await judge(json(422, error("INVALID_INPUT")), invalid)).failure).toBeNull();
    expect((await judge(json(200, '{"name":"ab\\ufffdcd"}'), any)).failure).toBeNull();

    const schema = { type: "object", properties: { n: { type: "number" } }, additionalProperties: false };
    expect(bodyExpectation(schema, '{"n":null}')).toMatchObject({ statuses: [422] });
    expect(bodyExpectation(schema, '{"n":false}')).toMatchObject({ statuses: [422] });
    expect(bodyExpectation(schema, '{"n":1,"x":1}')).toMatchObject({ statuses: [422] });
    expect(bodyExpectation(schema, `{"n":${"[".repeat(101)}${"]".repeat(101)}}`)).toMatchObject({
      statuses: [400],
    });
    expect(bodyExpectation(schema, '{"n":')).toMatchObject({ statuses: [400] });
    expect(bodyExpectation(schema, '{"n":1}')).toMatchObject({ kind: "any" });
    expect(printable("a\ud800b\udc00\ud83d\ude00")).toBe("a\\ud800b\\udc00\ud83d\ude00");
    expect(notUtf8Columns({ t: [JSON.stringify({ c: "61EDA08062", d: "61EFBFBD62", e: null })] })).toEqual([
      "t.c holds bytes that are not UTF-8: 61EDA08062",
    ]);

    // The snapshot sees a write, so "a 4xx changes nothing" can fail.
    const owner = await signUp();
    const tenant = { owner, members: {}, keys: {}, ids: {} } as unknown as Tenant;
    const before = await tenantRows([tenant]);
    expect(before.projects).toHaveLength(1);
    await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}`, {
      method: "PATCH",
      json: { name: "Renamed" },
    });
    expect(changedTables(before, await tenantRows([tenant]))).toContain("projects");
  });

  it("deletes nothing when a JSON filter number is null, false, empty or true (issue 10, defect 4)", async () => {
    const owner = await signUp();
    const { key } = await createKey(owner, ["ingest"]);
    const trace = agentTrace();
    expect((await sendOtlpJson(key, trace.spans)).status).toBe(200);
    const path = `/api/v1/projects/${owner.projectId}/traces`;
    for (const body of [
      { minLatencyMs: null },
      { minTokens: false },
      { maxCost: "" },
      { minLatencyMs: true },
      { maxTokens: "5" },
    ]) {
      await expectError(
        await asUser(owner.cookie, `${path}/delete`, { method: "POST", json: body }),
        422,
        "INVALID_INPUT",
      );
    }
    expect((await asUser(owner.cookie, `${path}/${trace.traceId}`)).status).toBe(200);
  });
});
