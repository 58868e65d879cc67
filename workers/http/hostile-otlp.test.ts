/**
 * The hostile-input suite over OTLP ingest (issue 10): each export of test/hostile-otlp.ts goes
 * to a project of its own that already holds one ordinary trace. The export must get what the
 * ingest docs owe it (partial success for a rejected span, 400/413/415 for a broken body); then
 * the project must still read: list (every sort, paged by cursor), detail and outline of the
 * traces sent, each stored span, export, metrics (also around the hostile span's start) and
 * sessions all 200 with well-formed text; a rejected span is nowhere; every stored trace can be
 * deleted.
 */
import { describe, expect, it } from "vitest";
import { asUser, createKey, type SignedUp, signUp } from "../test/accounts";
import { call } from "../test/helpers";
import {
  errorBodyProblem,
  illFormedStrings,
  inPool,
  judge,
  notUtf8Columns,
  printable,
  withTimeout,
} from "../test/hostile-checks";
import { OTLP_CASES, type OtlpCase, type SentExport, type TraceDetailLike } from "../test/hostile-otlp";
import { agentTrace, sendOtlpJson } from "../test/otlp";
import { readExportResponse, readRpcStatus } from "../test/otlp-wire";
import { ownedRows } from "../test/security";

const CONCURRENCY = 3;
const TIMEOUT_MS = 20_000;

type Ctx = { owner: SignedUp; projectId: string; key: string; bystander: string; failures: string[] };

/** A read of the project that must answer `status` (200 unless said) with well-formed text. */
async function read(
  ctx: Ctx,
  path: string,
  what: string,
  status = 200,
): Promise<{ status: number; body: unknown }> {
  const res = await withTimeout(
    asUser(ctx.owner.cookie, `/api/v1/projects/${ctx.projectId}${path}`),
    TIMEOUT_MS,
    what,
  );
  const verdict = await judge(res, { kind: "any", why: what });
  if (verdict.failure) ctx.failures.push(`${what}: ${verdict.failure}`);
  else if (verdict.status !== status) ctx.failures.push(`${what}: expected ${status}, got ${verdict.status}`);
  return verdict;
}

/** The export's own answer: status, error body or partial success. Returns the rejected count. */
async function checkExportAnswer(ctx: Ctx, c: OtlpCase, res: Response): Promise<number | null> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const fail = (why: string) => {
    ctx.failures.push(`export answer: ${why}`);
    return null;
  };
  if (res.status !== c.owed.status)
    return fail(`expected ${c.owed.status}, got ${res.status}: ${text.slice(0, 300)}`);
  if (res.status !== 200) {
    if (c.encoding === "json" || res.headers.get("content-type")?.includes("json")) {
      const problem = errorBodyProblem(res, text);
      return problem ? fail(problem) : null;
    }
    if (!res.headers.get("x-request-id")) return fail("no X-Request-Id");
    const status = readRpcStatus(bytes);
    if (!status.message.isWellFormed() || status.message === "")
      return fail(`rpc status message ${status.message}`);
    return null;
  }
  const partial =
    c.encoding === "protobuf"
      ? readExportResponse(bytes)
      : (() => {
          const p = (
            JSON.parse(text) as { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } }
          ).partialSuccess;
          return { rejected: Number(p?.rejectedSpans ?? 0), message: p?.errorMessage ?? "" };
        })();
  if (partial.rejected > 0 && partial.message === "") return fail("rejected spans without an errorMessage");
  if (illFormedStrings(partial.message).length > 0) return fail("errorMessage holds lone surrogates");
  if ("rejected" in c.owed && c.owed.rejected !== "either" && partial.rejected !== c.owed.rejected)
    return fail(`expected ${c.owed.rejected} rejected span(s), got ${partial.rejected}: ${partial.message}`);
  return partial.rejected;
}

const isoDay = (ms: number) => new Date(ms).toISOString();

/** Everything the project answers must still answer, and hold exactly what was stored. */
async function checkProject(ctx: Ctx, sent: SentExport, stored: boolean): Promise<void> {
  const list = await read(ctx, "/traces?limit=200", "list");
  const listed = new Set(
    ((list.body as { traces?: { traceId: string }[] })?.traces ?? []).map((t) => t.traceId),
  );
  if (list.status === 200 && !listed.has(ctx.bystander))
    ctx.failures.push("list: the bystander trace is gone");
  for (const sort of ["time", "latency", "tokens", "cost"]) {
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await read(
        ctx,
        `/traces?limit=1&sort=${sort}${q}`,
        `list sorted by ${sort}, page ${page + 1}`,
      );
      cursor = (res.body as { nextCursor?: string | null } | null)?.nextCursor ?? null;
      if (!cursor) break;
    }
  }
  for (const traceId of sent.traceIds) {
    if (listed.has(traceId) !== stored)
      ctx.failures.push(`list: trace ${stored ? "missing" : "listed though it was refused"}`);
    const detail = await read(ctx, `/traces/${traceId}`, "detail", stored ? 200 : 404);
    await read(ctx, `/traces/${traceId}?spans=summary`, "outline", stored ? 200 : 404);
    if (!stored || detail.status !== 200) continue;
    const d = detail.body as TraceDetailLike;
    for (const spanId of sent.absentSpans ?? [])
      if (d.spans.some((sp) => sp.spanId === spanId))
        ctx.failures.push(`detail holds rejected span ${spanId}`);
    for (const sp of d.spans) await read(ctx, `/traces/${traceId}/spans/${sp.spanId}`, "span");
    const problem = sent.check?.(d);
    if (problem) ctx.failures.push(`detail: ${problem}`);
  }
  await read(ctx, "/traces/export", "export");
  await read(ctx, "/metrics", "metrics (hourly, last day)");
  await read(ctx, "/metrics?granularity=day&groupBy=model", "metrics (daily by model)");
  if (sent.startMs !== undefined) {
    // An hour past the start: the day after 9999-12-31 cannot be written as a 4-digit year.
    const range = `from=${isoDay(sent.startMs - 86_400_000)}&to=${isoDay(sent.startMs + 3_600_000)}`;
    await read(ctx, `/metrics?granularity=day&${range}`, "metrics around the hostile start");
  }
  await read(ctx, "/sessions", "sessions");
  for (const traceId of sent.traceIds.filter(() => stored)) {
    const res = await asUser(ctx.owner.cookie, `/api/v1/projects/${ctx.projectId}/traces/${traceId}`, {
      method: "DELETE",
    });
    const verdict = await judge(res, { kind: "any", why: "delete" });
    if (res.status !== 204)
      ctx.failures.push(`DELETE of the trace answered ${res.status} ${verdict.failure ?? ""}`);
    await read(ctx, `/traces/${traceId}`, "detail after delete", 404);
  }
  await read(ctx, "/traces", "list after delete");
}

async function runCase(owner: SignedUp, c: OtlpCase, index: number): Promise<string[]> {
  const failures: string[] = [];
  try {
    const created = await asUser(owner.cookie, "/api/v1/projects", {
      method: "POST",
      json: { orgId: owner.orgId, name: `otlp ${index}` },
    });
    const projectId = ((await created.json()) as { id: string }).id;
    const { key } = await createKey(owner, ["ingest"], projectId);
    const bystander = agentTrace();
    expect((await sendOtlpJson(key, bystander.spans)).status).toBe(200);
    const ctx: Ctx = { owner, projectId, key, bystander: bystander.traceId, failures };
    const sent = await c.build();
    const res = await withTimeout(
      call("/v1/traces", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, ...sent.headers },
        body: sent.body,
      }),
      TIMEOUT_MS,
      c.name,
    );
    const rejected = await checkExportAnswer(ctx, c, res);
    // Text that is not UTF-8 aborts the local libSQL server when read: look at the bytes first,
    // and leave such a project unread.
    const notUtf8 = notUtf8Columns(
      await ownedRows({ org_id: [], project_id: [projectId], user_id: [] }, { hex: true }),
    );
    if (notUtf8.length > 0) {
      failures.push(
        `stored text that is not UTF-8 (the project is left unread): ${notUtf8.slice(0, 5).join("; ")}`,
      );
      // Deleting the project reads none of it; nothing poisoned is left for later tests.
      const purge = await asUser(owner.cookie, `/api/v1/projects/${projectId}`, { method: "DELETE" });
      if (purge.status !== 204) failures.push(`deleting the poisoned project answered ${purge.status}`);
      return failures.map((f) => `${c.encoding} | ${c.name} | ${f}`);
    }
    const stored =
      c.owed.status === 200 && ("stored" in c.owed ? c.owed.stored : rejected === 0) && res.status === 200;
    await checkProject(ctx, sent, stored);
  } catch (err) {
    failures.push(`crashed: ${err instanceof Error ? err.stack : String(err)}`);
  }
  return failures.map((f) => `${c.encoding} | ${c.name} | ${f}`);
}

describe("hostile OTLP exports", () => {
  it("get partial success or a 4xx as documented, and never stop a project from reading", async () => {
    const started = Date.now();
    const owner = await signUp({ name: "Hostile OTLP", organization: "Hostile OTLP" });
    const failures: string[] = [];
    await inPool(
      OTLP_CASES.map((c, i) => ({ c, i })),
      CONCURRENCY,
      async ({ c, i }) => {
        failures.push(...(await runCase(owner, c, i)));
      },
    );
    console.log(
      `hostile OTLP suite: ${OTLP_CASES.length} exports (${OTLP_CASES.filter((c) => c.encoding === "json").length} JSON, ` +
        `${OTLP_CASES.filter((c) => c.encoding === "protobuf").length} protobuf), ${failures.length} failures, ${Date.now() - started} ms`,
    );
    if (failures.length > 0)
      throw new Error(printable(`${failures.length} failure(s):\n${failures.join("\n")}`));
  }, 240_000);
});
