/**
 * Aliases (set, move, delete, history, who may), `latest`, URI resolution with its caching
 * headers, and rendering.
 */
import { describe, expect, it } from "vitest";
import { addMember, asKey, asUser, createKey, signUp } from "../test/accounts";
import { expectError } from "../test/helpers";
import type { AliasView } from "./schemas";

type Owner = Awaited<ReturnType<typeof signUp>>;
const base = (o: Owner) => `/api/v1/projects/${o.projectId}/prompts`;

/** A prompt `name` with `versions` versions (templates "v1 {{ x }}", "v2 {{ x }}" …). */
async function promptWith(o: Owner, name: string, versions: number) {
  expect(
    (await asUser(o.cookie, base(o), { method: "POST", json: { name, template: "v1 {{ x }}" } })).status,
  ).toBe(201);
  for (let v = 2; v <= versions; v++) {
    const res = await asUser(o.cookie, `${base(o)}/${name}/versions`, {
      method: "POST",
      json: { template: `v${v} {{ x }}` },
    });
    expect(res.status).toBe(201);
  }
}

const setAlias = (cookie: string, o: Owner, name: string, alias: string, version: number) =>
  asUser(cookie, `${base(o)}/${name}/aliases/${alias}`, { method: "PUT", json: { version } });

const resolve = (o: Owner, uri: string, headers: Record<string, string> = {}) =>
  asUser(o.cookie, `${base(o)}/resolve?uri=${encodeURIComponent(uri)}`, { headers });

describe("aliases", () => {
  it("set, move and delete, each recorded with who and when; latest is computed and cannot be set", async () => {
    const o = await signUp();
    await promptWith(o, "greeter", 3);
    expect((await setAlias(o.cookie, o, "greeter", "production", 1)).status).toBe(200);
    const moved = await setAlias(o.cookie, o, "greeter", "production", 2);
    const view = (await moved.json()) as AliasView;
    expect(view).toMatchObject({
      alias: "production",
      version: 2,
      updatedBy: o.email,
    });
    expect(view.history.map((m) => [m.fromVersion, m.toVersion])).toEqual([
      [1, 2],
      [null, 1],
    ]);
    expect(view.history[0]?.movedBy).toBe(o.email);
    // Setting it where it already points records nothing.
    await setAlias(o.cookie, o, "greeter", "production", 2);
    const prompt = await (await asUser(o.cookie, `${base(o)}/greeter`)).json();
    expect(prompt).toMatchObject({ latestVersion: 3, aliases: [{ alias: "production", version: 2 }] });
    const versions = (await (await asUser(o.cookie, `${base(o)}/greeter/versions`)).json()) as {
      versions: { version: number; aliases: string[] }[];
    };
    expect(versions.versions.map((v) => [v.version, v.aliases])).toEqual([
      [3, ["latest"]],
      [2, ["production"]],
      [1, []],
    ]);

    for (const method of ["PUT", "DELETE"]) {
      const res = await asUser(o.cookie, `${base(o)}/greeter/aliases/latest`, {
        method,
        json: { version: 1 },
      });
      expect((await expectError(res, 422, "INVALID_INPUT")).message).toContain("reserved");
    }
    expect(await (await asUser(o.cookie, `${base(o)}/greeter/aliases/latest`)).json()).toMatchObject({
      version: 3,
    });
    await expectError(await setAlias(o.cookie, o, "greeter", "staging", 4), 422, "INVALID_INPUT");

    expect(
      (await asUser(o.cookie, `${base(o)}/greeter/aliases/production`, { method: "DELETE" })).status,
    ).toBe(204);
    const gone = (await (
      await asUser(o.cookie, `${base(o)}/greeter/aliases/production`)
    ).json()) as AliasView;
    expect(gone.version).toBeNull();
    expect(gone.history.map((m) => [m.fromVersion, m.toVersion])).toEqual([
      [2, null],
      [1, 2],
      [null, 1],
    ]);
    await expectError(await asUser(o.cookie, `${base(o)}/greeter/aliases/never`), 404, "NOT_FOUND");
  });

  it("may be moved by admins and owners and admin keys, not by members or write keys", async () => {
    const o = await signUp();
    await promptWith(o, "guarded", 2);
    const [admin, member] = await Promise.all([addMember(o, "admin"), addMember(o, "member")]);
    await expectError(await setAlias(member.cookie, o, "guarded", "production", 1), 403, "FORBIDDEN");
    expect((await setAlias(admin.cookie, o, "guarded", "production", 1)).status).toBe(200);
    await expectError(
      await asUser(member.cookie, `${base(o)}/guarded/aliases/production`, { method: "DELETE" }),
      403,
      "FORBIDDEN",
    );
    const write = await createKey(o, ["write"]);
    const adminKey = await createKey(o, ["admin"]);
    const path = `${base(o)}/guarded/aliases/production`;
    await expectError(
      await asKey(write.key, path, { method: "PUT", json: { version: 2 } }),
      403,
      "FORBIDDEN",
    );
    expect((await asKey(adminKey.key, path, { method: "PUT", json: { version: 2 } })).status).toBe(200);
    // A member still saves versions (project:write).
    const saved = await asUser(member.cookie, `${base(o)}/guarded/versions`, {
      method: "POST",
      json: { template: "m" },
    });
    expect(saved.status).toBe(201);
  });
});

describe("resolving a prompt URI", () => {
  it("answers every form with an ETag; versions immutable, aliases revalidated with 304 until they move", async () => {
    const o = await signUp();
    await promptWith(o, "faq", 2);
    await setAlias(o.cookie, o, "faq", "production", 1);

    const numbered = await resolve(o, "prompts:/faq/1");
    expect(numbered.status).toBe(200);
    expect(numbered.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(await numbered.json()).toMatchObject({
      alias: null,
      prompt: { version: 1, template: "v1 {{ x }}" },
    });

    const latest = await resolve(o, "prompts:/faq@latest");
    expect(latest.headers.get("cache-control")).toBe("private, no-cache");
    expect(await latest.json()).toMatchObject({ alias: "latest", prompt: { version: 2 } });

    const aliased = await resolve(o, "prompts:/faq@production");
    const etag = aliased.headers.get("etag") ?? "";
    expect(aliased.headers.get("cache-control")).toBe("private, no-cache");
    expect(await aliased.json()).toMatchObject({ alias: "production", prompt: { version: 1 } });
    expect(etag).toBe(numbered.headers.get("etag"));

    const unchanged = await resolve(o, "prompts:/faq@production", { "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(etag);

    await setAlias(o.cookie, o, "faq", "production", 2);
    const changed = await resolve(o, "prompts:/faq@production", { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.json()).toMatchObject({ prompt: { version: 2 } });

    // A new version moves `latest`.
    const latestTag = (await resolve(o, "prompts:/faq@latest")).headers.get("etag") ?? "";
    await asUser(o.cookie, `${base(o)}/faq/versions`, { method: "POST", json: { template: "v3" } });
    expect((await resolve(o, "prompts:/faq@latest", { "if-none-match": latestTag })).status).toBe(200);
  });

  it("answers a clear 404 for an unknown alias, version or prompt, and 422 for what is not a URI", async () => {
    const o = await signUp();
    await promptWith(o, "faq", 1);
    await setAlias(o.cookie, o, "faq", "staging", 1);
    const alias = await expectError(await resolve(o, "prompts:/faq@production"), 404, "NOT_FOUND");
    expect(alias.message).toBe('Prompt "faq" has no alias "production"; its aliases are: staging, latest.');
    expect((await expectError(await resolve(o, "prompts:/faq/7"), 404, "NOT_FOUND")).message).toContain(
      "no version 7",
    );
    expect((await expectError(await resolve(o, "prompts:/nope@latest"), 404, "NOT_FOUND")).message).toContain(
      '"nope"',
    );
    for (const uri of [
      "faq",
      "prompts:/faq",
      "prompts:/faq/0",
      "prompts:/faq/",
      "prompts:/fa q/1",
      "models:/faq/1",
    ])
      await expectError(await resolve(o, uri), 422, "INVALID_INPUT");
  });

  it("works with a read key, and not for another tenant's prompt", async () => {
    const [o, other] = await Promise.all([signUp(), signUp()]);
    await promptWith(o, "mine", 1);
    const read = await createKey(o, ["read"]);
    const uri = encodeURIComponent("prompts:/mine/1");
    expect((await asKey(read.key, `${base(o)}/resolve?uri=${uri}`)).status).toBe(200);
    const otherKey = await createKey(other, ["read"]);
    await expectError(await asKey(otherKey.key, `${base(o)}/resolve?uri=${uri}`), 404, "NOT_FOUND");
    await expectError(await asKey(otherKey.key, `${base(other)}/resolve?uri=${uri}`), 404, "NOT_FOUND");
    await expectError(await asKey(otherKey.key, `${base(other)}/mine`), 404, "NOT_FOUND");
  });
});

describe("rendering", () => {
  it("fills text and chat templates, names a missing variable, reports unknown ones", async () => {
    const o = await signUp();
    const chat = [
      { role: "system", content: "Help with {{ product }}." },
      { role: "user", content: "{{ question }} {{ meta }}" },
    ];
    await asUser(o.cookie, base(o), { method: "POST", json: { name: "chatty", template: chat } });
    const render = (variables: Record<string, unknown>) =>
      asUser(o.cookie, `${base(o)}/chatty/versions/1/render`, { method: "POST", json: { variables } });
    const ok = await render({ product: "Sightline", question: "Why?", meta: { n: 1 }, extra: "x" });
    expect(await ok.json()).toEqual({
      kind: "chat",
      text: null,
      messages: [
        { role: "system", content: "Help with Sightline." },
        { role: "user", content: 'Why? {"n":1}' },
      ],
      unknownVariables: ["extra"],
    });
    const missing = await expectError(await render({ product: "Sightline" }), 422, "INVALID_INPUT");
    expect(missing.message).toContain('"question", "meta"');

    await asUser(o.cookie, `${base(o)}/chatty/versions`, {
      method: "POST",
      json: { template: "Hi {{name}}, {{ name }}!" },
    });
    const text = await asUser(o.cookie, `${base(o)}/chatty/versions/2/render`, {
      method: "POST",
      json: { variables: { name: "Ada" } },
    });
    expect(await text.json()).toEqual({
      kind: "text",
      text: "Hi Ada, Ada!",
      messages: null,
      unknownVariables: [],
    });
  });
});
