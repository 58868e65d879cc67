import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyRing, open, seal, sealedVersion } from "../workers/lib/secrets.ts";
import { startLibsqlServer } from "./libsql-server.ts";
import { applyMigrations } from "./migrate.ts";
import { reencryptSecrets } from "./reencrypt-secrets.ts";

const key = () => randomBytes(32).toString("base64");

describe("secrets:reencrypt", () => {
  let url: string;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "sightline-reencrypt-"));
    const server = await startLibsqlServer({ file: join(dir, "db.sqlite"), port: 0 });
    url = server.url;
    await applyMigrations({ url });
    stop = async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    };
  });
  afterAll(() => stop());

  it("seals every provider and webhook secret again under the new first key, which alone then opens them", async () => {
    const old = `k1:${key()}`;
    const next = `k2:${key()}`;
    const secret = JSON.stringify({ apiKey: "sk-rotate-me", headers: {} });
    const sealed = await seal(await keyRing(old), secret, "judge_provider:crd_1");
    const db = createClient({ url });
    await db.execute({
      sql: "insert into orgs (id, name, created_at, updated_at) values ('org_1', 'o', 1, 1)",
      args: [],
    });
    await db.execute({
      sql: `insert into judge_providers (id, org_id, name, base_url, secret, key_hint, header_names, created_at, updated_at)
        values ('crd_1', 'org_1', 'openai', 'https://x/v1', ?, '…e-me', '[]', 1, 1)`,
      args: [sealed],
    });

    const destination = JSON.stringify({
      format: "slack",
      url: "https://hooks.slack.com/services/T/B/secret",
    });
    await db.execute({
      sql: `insert into webhooks (id, org_id, project_id, name, format, events, enabled, secret, target_hint,
          created_by, created_by_label, created_at, updated_at)
        values ('whk_1', 'org_1', 'prj_1', 'slack', 'slack', '[]', 1, ?, 'hooks.slack.com …cret', 'user:u', 'u', 1, 1)`,
      args: [await seal(await keyRing(old), destination, "webhook:whk_1")],
    });

    expect(await reencryptSecrets({ url, encryptionKey: `${next},${old}` })).toEqual({
      checked: 2,
      resealed: 2,
      version: "k2",
    });
    const hook = String((await db.execute("select secret from webhooks where id = 'whk_1'")).rows[0]?.secret);
    expect(await open(await keyRing(next), hook, "webhook:whk_1")).toBe(destination);
    const stored = String(
      (await db.execute("select secret from judge_providers where id = 'crd_1'")).rows[0]?.secret,
    );
    expect(sealedVersion(stored)).toBe("k2");
    expect(await open(await keyRing(next), stored, "judge_provider:crd_1")).toBe(secret);
    // Run again: nothing left to do.
    expect(await reencryptSecrets({ url, encryptionKey: `${next},${old}` })).toMatchObject({ resealed: 0 });
    // A sealed value is bound to its row: it does not open as another row's.
    await expect(open(await keyRing(next), stored, "judge_provider:crd_2")).rejects.toThrow();
    db.close();
  });
});
