import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { BOOKKEEPING_TABLES, ORG_DATA_TABLES } from "../../schema/seam.ts";
import { startLibsqlServer } from "../../scripts/libsql-server.ts";
import { applyMigrations } from "../../scripts/migrate.ts";
import { startOpenAIServer } from "../../scripts/openai-server.ts";
import { startWebhookReceiver } from "../../scripts/webhook-receiver.ts";

/**
 * A "database" that misbehaves the ways a frozen or failing one does, for the bounded-wait tests:
 * by default it reads requests and never answers; under `/stall-body/` it sends the headers and
 * the start of a body, then nothing; under `/drop-body/` it drops the connection mid-body.
 */
async function startHangingServer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url ?? "";
    if (!path.startsWith("/stall-body/") && !path.startsWith("/drop-body/")) return; // never answer
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"baton":null,"base_url":null,"results":[');
    if (path.startsWith("/drop-body/")) setTimeout(() => res.socket?.destroy(), 50);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

/** The tables of a database with rows in them, among `names` (or all but bookkeeping and FTS5's own). */
async function tablesWithRows(url: string, names?: readonly string[]): Promise<string[]> {
  const client = createClient({ url });
  try {
    const all = await client.execute(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'",
    );
    const tables = all.rows
      .map((r) => String(r.name))
      .filter((name) =>
        names
          ? names.includes(name)
          : !(BOOKKEEPING_TABLES as readonly string[]).includes(name) && !name.startsWith("trace_text_"),
      );
    const full: string[] = [];
    for (const name of tables) {
      const res = await client.execute(`select exists (select 1 from "${name}") as any`);
      if (Number(res.rows[0]?.any)) full.push(name);
    }
    return full;
  } finally {
    client.close();
  }
}

/**
 * Starts the local libSQL servers (the control plane's, and a second one for organizations' data)
 * on temporary files and migrates both, once per test run. At the end, checks the seam: the
 * control plane's database holds no organization data, and the organizations' database nothing
 * but organization data, after every test of the suite wrote through it.
 */
export default async function setup() {
  const hanging = await startHangingServer(Number(process.env.SIGHTLINE_TEST_HANGING_PORT));
  const openai = await startOpenAIServer({ port: Number(process.env.SIGHTLINE_TEST_OPENAI_PORT) });
  const receiver = await startWebhookReceiver({ port: Number(process.env.SIGHTLINE_TEST_WEBHOOK_PORT) });
  const dir = await mkdtemp(join(tmpdir(), "sightline-test-"));
  const control = await startLibsqlServer({
    file: join(dir, "control.db"),
    port: Number(process.env.SIGHTLINE_TEST_DB_PORT),
  });
  const orgData = await startLibsqlServer({
    file: join(dir, "org-data.db"),
    port: Number(process.env.SIGHTLINE_TEST_ORG_DATA_PORT),
  });
  // Both get the whole schema for now (one migration history); each side only fills its own tables.
  await applyMigrations({ url: control.url });
  await applyMigrations({ url: orgData.url });
  return async () => {
    hanging.closeAllConnections();
    hanging.close();
    await openai.close();
    await receiver.close();
    try {
      const strayOrgData = await tablesWithRows(control.url, ORG_DATA_TABLES);
      const orgDataSide = await tablesWithRows(orgData.url);
      const strayControl = orgDataSide.filter(
        (name) => !(ORG_DATA_TABLES as readonly string[]).includes(name),
      );
      if (strayOrgData.length > 0 || strayControl.length > 0) {
        throw new Error(
          `the seam leaked: organization data in the control plane's database (${strayOrgData.join(", ") || "none"}); ` +
            `control-plane rows in the organizations' database (${strayControl.join(", ") || "none"})`,
        );
      }
    } finally {
      await control.close();
      await orgData.close();
      await rm(dir, { recursive: true, force: true });
    }
  };
}
