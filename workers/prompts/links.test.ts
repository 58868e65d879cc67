/**
 * Links from traces to prompt versions: from OTLP attributes (`sightline.prompt`, a URI or a JSON
 * list; MLflow's `mlflow.linkedPrompts`), only to the trace's own project, unknown ones counted
 * in the answer; the trace list filter, a version's traces and the trace detail read them.
 */
import { describe, expect, it } from "vitest";
import { asUser, createKey, signUp } from "../test/accounts";
import { expectError } from "../test/helpers";
import { agentTrace, sendOtlpJson } from "../test/otlp";
import type { PromptView } from "./schemas";

type Owner = Awaited<ReturnType<typeof signUp>>;
const base = (o: Owner) => `/api/v1/projects/${o.projectId}/prompts`;

async function promptWith(o: Owner, name: string, versions: number) {
  await asUser(o.cookie, base(o), { method: "POST", json: { name, template: "v1" } });
  for (let v = 2; v <= versions; v++)
    await asUser(o.cookie, `${base(o)}/${name}/versions`, { method: "POST", json: { template: `v${v}` } });
}

/** An agent trace whose model span carries `attributes`. */
function tracedWith(attributes: Record<string, string>) {
  const trace = agentTrace();
  const model = trace.spans[2];
  if (model) model.attributes = { ...model.attributes, ...attributes };
  return trace;
}

async function send(key: string, trace: ReturnType<typeof agentTrace>) {
  const res = await sendOtlpJson(key, trace.spans);
  expect(res.status).toBe(200);
  return (await res.json()) as { partialSuccess?: { rejectedSpans: string; errorMessage: string } };
}

const linked = async (o: Owner, traceId: string) =>
  (
    (await (await asUser(o.cookie, `/api/v1/projects/${o.projectId}/traces/${traceId}`)).json()) as {
      prompts: { name: string; version: number }[];
    }
  ).prompts.map((p) => `${p.name}/${p.version}`);

describe("prompt links from traces", () => {
  it("links sightline.prompt (a URI or a list, aliases as they point when the span arrives) and mlflow.linkedPrompts", async () => {
    const o = await signUp();
    const { key } = await createKey(o, ["ingest"]);
    await promptWith(o, "answer", 3);
    await promptWith(o, "router", 1);
    await asUser(o.cookie, `${base(o)}/answer/aliases/production`, { method: "PUT", json: { version: 2 } });

    const one = tracedWith({ "sightline.prompt": "prompts:/answer/1" });
    expect(await send(key, one)).toEqual({});
    const list = tracedWith({
      "sightline.prompt": JSON.stringify(["prompts:/answer@production", "prompts:/router@latest"]),
    });
    expect(await send(key, list)).toEqual({});
    const mlflow = tracedWith({ "mlflow.linkedPrompts": JSON.stringify([{ name: "answer", version: "3" }]) });
    expect(await send(key, mlflow)).toEqual({});

    expect(await linked(o, one.traceId)).toEqual(["answer/1"]);
    expect(await linked(o, list.traceId)).toEqual(["answer/2", "router/1"]);
    expect(await linked(o, mlflow.traceId)).toEqual(["answer/3"]);
    // A later move of the alias does not change what the trace used.
    await asUser(o.cookie, `${base(o)}/answer/aliases/production`, { method: "PUT", json: { version: 3 } });
    expect(await linked(o, list.traceId)).toEqual(["answer/2", "router/1"]);
    // The prompt was used: its list entry says when.
    const answer = (await (await asUser(o.cookie, `${base(o)}/answer`)).json()) as PromptView;
    expect(answer.lastUsedAt).not.toBeNull();

    // The trace list filter and the version's traces.
    const filtered = (await (
      await asUser(o.cookie, `/api/v1/projects/${o.projectId}/traces?prompt=answer/2`)
    ).json()) as { traces: { traceId: string }[] };
    expect(filtered.traces.map((t) => t.traceId)).toEqual([list.traceId]);
    const ofVersion = (await (
      await asUser(o.cookie, `${base(o)}/answer/versions/1/traces?feedbackColumns=thumbs`)
    ).json()) as {
      traces: { traceId: string; durationMs: number; costUsd: number | null; feedback: object }[];
    };
    expect(ofVersion.traces).toEqual([
      expect.objectContaining({ traceId: one.traceId, durationMs: expect.any(Number), feedback: {} }),
    ]);
    await expectError(await asUser(o.cookie, `${base(o)}/answer/versions/9/traces`), 404, "NOT_FOUND");
    await expectError(
      await asUser(o.cookie, `/api/v1/projects/${o.projectId}/traces?prompt=answer`),
      422,
      "INVALID_INPUT",
    );
  });

  it("links only the trace's own project, and counts unknown references in the answer without rejecting spans", async () => {
    const [o, other] = await Promise.all([signUp(), signUp()]);
    const { key } = await createKey(o, ["ingest"]);
    await promptWith(other, "theirs", 1);
    await promptWith(o, "mine", 1);
    const trace = tracedWith({
      "sightline.prompt": JSON.stringify([
        "prompts:/theirs/1",
        "prompts:/mine/1",
        "prompts:/mine/5",
        "prompts:/mine@nope",
        "garbage",
      ]),
    });
    const answer = await send(key, trace);
    expect(answer.partialSuccess?.rejectedSpans).toBe("0");
    expect(answer.partialSuccess?.errorMessage).toContain("4 prompt reference(s) not linked");
    expect(answer.partialSuccess?.errorMessage).toContain("prompts:/theirs/1");
    expect(answer.partialSuccess?.errorMessage).toContain("garbage");
    expect(await linked(o, trace.traceId)).toEqual(["mine/1"]);
    const theirs = (await (await asUser(other.cookie, `${base(other)}/theirs/versions/1/traces`)).json()) as {
      traces: unknown[];
    };
    expect(theirs.traces).toEqual([]);
  });

  it("leaves traces without prompt attributes unlinked, with a plain answer", async () => {
    const o = await signUp();
    const { key } = await createKey(o, ["ingest"]);
    const trace = agentTrace();
    expect(await send(key, trace)).toEqual({});
    expect(await linked(o, trace.traceId)).toEqual([]);
  });
});
