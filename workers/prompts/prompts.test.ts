/**
 * The prompt registry: prompts with immutable versions, search, archive and delete rules, and
 * the bounds every input is checked against (a refused write changes nothing).
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { asKey, asUser, createKey, signUp } from "../test/accounts";
import { expectError } from "../test/helpers";
import { testOrgDb } from "../test/services";
import type { PromptVersionView, PromptView } from "./schemas";

type Owner = Awaited<ReturnType<typeof signUp>>;
const base = (o: Owner) => `/api/v1/projects/${o.projectId}/prompts`;

async function create(o: Owner, body: Record<string, unknown>): Promise<PromptView> {
  const res = await asUser(o.cookie, base(o), { method: "POST", json: body });
  expect(res.status).toBe(201);
  return (await res.json()) as PromptView;
}

const chat = [
  { role: "system", content: "You answer questions about {{ product }}." },
  { role: "user", content: "{{question}} (asked by {{ user.name }}, again: {{ product }})" },
];

describe("prompts and their versions", () => {
  it("creates a chat prompt with version 1, its variables extracted, and saves new versions without changing old ones", async () => {
    const o = await signUp();
    const prompt = await create(o, {
      name: "support-answer",
      description: "Answers support questions",
      tags: ["support", "prod"],
      template: chat,
      modelConfig: {
        provider: "openai",
        model: "gpt-4o-mini",
        temperature: 0.2,
        stop: ["###"],
        extra: { seed: 7 },
      },
      responseFormat: { type: "object", properties: { answer: { type: "string" } } },
      message: "first",
    });
    expect(prompt).toMatchObject({ name: "support-answer", latestVersion: 1, archived: false, aliases: [] });

    const v1 = (await (
      await asUser(o.cookie, `${base(o)}/support-answer/versions/1`)
    ).json()) as PromptVersionView;
    expect(v1).toMatchObject({
      version: 1,
      kind: "chat",
      variables: ["product", "question", "user.name"],
      modelConfig: { model: "gpt-4o-mini", temperature: 0.2 },
      message: "first",
      aliases: ["latest"],
    });

    const saved = await asUser(o.cookie, `${base(o)}/support-answer/versions`, {
      method: "POST",
      json: { template: "Answer {{ question }} briefly.", message: "text now" },
    });
    expect(saved.status).toBe(201);
    expect(await saved.json()).toMatchObject({
      version: 2,
      kind: "text",
      variables: ["question"],
      aliases: ["latest"],
    });

    // Version 1 is unchanged, and no route can change it.
    const again = (await (
      await asUser(o.cookie, `${base(o)}/support-answer/versions/1`)
    ).json()) as PromptVersionView;
    expect(again).toEqual({ ...v1, aliases: [] });
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const res = await asUser(o.cookie, `${base(o)}/support-answer/versions/1`, {
        method,
        json: { template: "x" },
      });
      expect(res.status).toBe(404);
    }
    const list = (await (await asUser(o.cookie, `${base(o)}/support-answer/versions`)).json()) as {
      versions: PromptVersionView[];
    };
    expect(list.versions.map((v) => v.version)).toEqual([2, 1]);
    expect((await (await asUser(o.cookie, `${base(o)}/support-answer`)).json()) as PromptView).toMatchObject({
      latestVersion: 2,
    });
  });

  it("refuses bad names, a taken name, oversized templates and unknown fields with a 422 or 409, writing nothing", async () => {
    const o = await signUp();
    await create(o, { name: "taken", template: "x" });
    const rows = async () =>
      (
        await testOrgDb(o.orgId).all<{ n: number }>(
          sql`select (select count(*) from prompts where project_id = ${o.projectId}) + (select count(*) from prompt_versions where project_id = ${o.projectId}) as n`,
        )
      )[0]?.n;
    const before = await rows();
    const refused: [Record<string, unknown>, number, RegExp][] = [
      [{ name: "has space", template: "x" }, 422, /name/],
      [{ name: "resolve", template: "x" }, 422, /reserved/],
      [{ name: "..", template: "x" }, 422, /dots/],
      [{ name: "ok", template: "x".repeat(100_001) }, 422, /template/],
      [
        { name: "ok", template: Array.from({ length: 101 }, () => ({ role: "user", content: "x" })) },
        422,
        /template/,
      ],
      [
        { name: "ok", template: Array.from({ length: 101 }, (_, i) => `{{ v${i} }}`).join(" ") },
        422,
        /101 variables/,
      ],
      [{ name: "ok", template: [{ role: "wizard", content: "x" }] }, 422, /role/],
      [{ name: "ok", template: "x", modelConfig: { temperature: 3 } }, 422, /temperature/],
      [{ name: "ok", template: "x", surprise: 1 }, 422, /surprise|unrecognized/i],
      [{ name: "taken", template: "y" }, 409, /already has a prompt named "taken"/],
    ];
    for (const [body, status, message] of refused) {
      const res = await asUser(o.cookie, base(o), { method: "POST", json: body });
      const error = await expectError(res, status, status === 409 ? "CONFLICT" : "INVALID_INPUT");
      expect(error.message).toMatch(message);
    }
    expect(await rows()).toBe(before);
  });

  it("searches by name, tag and text of the latest template, pages by cursor, and hides archived prompts", async () => {
    const o = await signUp();
    await create(o, { name: "alpha.greet", tags: ["greeting"], template: "Hello {{ name }}" });
    await create(o, {
      name: "beta_refund",
      tags: ["support"],
      template: "Explain the REFUND policy to {{ name }}",
    });
    await create(o, { name: "gamma-old", tags: ["support"], template: "refund, the old way" });
    const names = async (query: string) =>
      (
        (await (await asUser(o.cookie, `${base(o)}?${query}`)).json()) as { prompts: PromptView[] }
      ).prompts.map((p) => p.name);
    expect(await names("search=BETA")).toEqual(["beta_refund"]);
    expect(await names("tag=support")).toEqual(["beta_refund", "gamma-old"]);
    expect(await names("text=refund")).toEqual(["beta_refund", "gamma-old"]);
    // Text is searched in the latest version only.
    await asUser(o.cookie, `${base(o)}/gamma-old/versions`, {
      method: "POST",
      json: { template: "new words" },
    });
    expect(await names("text=refund")).toEqual(["beta_refund"]);

    const archived = await asUser(o.cookie, `${base(o)}/gamma-old`, {
      method: "PATCH",
      json: { archived: true },
    });
    expect(await archived.json()).toMatchObject({ archived: true });
    expect(await names("")).toEqual(["alpha.greet", "beta_refund"]);
    expect(await names("archived=true")).toEqual(["alpha.greet", "beta_refund", "gamma-old"]);
    // Archived, still readable by version.
    expect((await asUser(o.cookie, `${base(o)}/gamma-old/versions/1`)).status).toBe(200);

    const first = (await (await asUser(o.cookie, `${base(o)}?limit=1`)).json()) as {
      prompts: PromptView[];
      nextCursor: string;
    };
    expect(first.prompts.map((p) => p.name)).toEqual(["alpha.greet"]);
    const second = (await (
      await asUser(o.cookie, `${base(o)}?limit=1&cursor=${first.nextCursor}`)
    ).json()) as {
      prompts: PromptView[];
    };
    expect(second.prompts.map((p) => p.name)).toEqual(["beta_refund"]);
    await expectError(await asUser(o.cookie, `${base(o)}?limit=`), 422, "INVALID_INPUT");
  });

  it("refuses to delete a prompt while an alias points at it, deletes it after, and audits archive, alias and delete", async () => {
    const o = await signUp();
    await create(o, { name: "doomed", template: "x" });
    await asUser(o.cookie, `${base(o)}/doomed/aliases/production`, { method: "PUT", json: { version: 1 } });
    const refused = await expectError(
      await asUser(o.cookie, `${base(o)}/doomed`, { method: "DELETE" }),
      409,
      "CONFLICT",
    );
    expect(refused.message).toContain("production");
    const archived = await asUser(o.cookie, `${base(o)}/doomed`, {
      method: "PATCH",
      json: { archived: true },
    });
    expect(archived.status).toBe(200);
    expect((await asUser(o.cookie, `${base(o)}/doomed`)).status).toBe(200);
    expect(
      (await asUser(o.cookie, `${base(o)}/doomed/aliases/production`, { method: "DELETE" })).status,
    ).toBe(204);
    expect((await asUser(o.cookie, `${base(o)}/doomed`, { method: "DELETE" })).status).toBe(204);
    expect((await asUser(o.cookie, `${base(o)}/doomed`)).status).toBe(404);
    const [left] = await testOrgDb(o.orgId).all<{ n: number }>(
      sql`select (select count(*) from prompt_versions where project_id = ${o.projectId})
        + (select count(*) from prompt_alias_moves where project_id = ${o.projectId}) as n`,
    );
    expect(Number(left?.n)).toBe(0);
    const audit = (await (await asUser(o.cookie, `/api/v1/orgs/${o.orgId}/audit-log`)).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "prompt.deleted",
        "prompt.archived",
        "prompt.alias_deleted",
        "prompt.alias_moved",
      ]),
    );
    // The name is free again.
    await create(o, { name: "doomed", template: "y" });
  });

  it("lets a read key read and a write key save versions, but not a read key", async () => {
    const o = await signUp();
    await create(o, { name: "keyed", template: "x" });
    const read = await createKey(o, ["read"]);
    const write = await createKey(o, ["write"]);
    expect((await asKey(read.key, `${base(o)}/keyed/versions`)).status).toBe(200);
    await expectError(
      await asKey(read.key, `${base(o)}/keyed/versions`, { method: "POST", json: { template: "y" } }),
      403,
      "FORBIDDEN",
    );
    expect(
      (await asKey(write.key, `${base(o)}/keyed/versions`, { method: "POST", json: { template: "y" } }))
        .status,
    ).toBe(201);
  });
});
