import { mkdirSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { freePort } from "../scripts/free-port.ts";

// wrangler wants the assets folder to exist; these tests do not serve assets.
mkdirSync(new URL("../web/dist", import.meta.url), { recursive: true });

// The local libSQL server is started by global-setup.ts on this port; the Worker reaches it
// over real HTTP, exactly as it reaches Turso in production.
const dbPort = Number(process.env.SIGHTLINE_TEST_DB_PORT ?? (await freePort()));
process.env.SIGHTLINE_TEST_DB_PORT = String(dbPort);
// A second local libSQL server holds the organizations' data (ORG_DATA_LIBSQL_URL), so the whole
// suite runs across the seam the design plans: control plane in one database, tenant data in
// another. Global teardown checks that neither side holds the other's rows.
const orgDataPort = Number(process.env.SIGHTLINE_TEST_ORG_DATA_PORT ?? (await freePort()));
process.env.SIGHTLINE_TEST_ORG_DATA_PORT = String(orgDataPort);
// A server that never answers, standing in for a frozen database (see test/global-setup.ts).
const hangingPort = Number(process.env.SIGHTLINE_TEST_HANGING_PORT ?? (await freePort()));
process.env.SIGHTLINE_TEST_HANGING_PORT = String(hangingPort);

// The scripted OpenAI-compatible server (scripts/openai-server.ts): every judge and provider call in tests goes there.
const openaiPort = Number(process.env.SIGHTLINE_TEST_OPENAI_PORT ?? (await freePort()));
process.env.SIGHTLINE_TEST_OPENAI_PORT = String(openaiPort);
// The webhook receiver (scripts/webhook-receiver.ts): webhook deliveries in tests go there.
const webhookPort = Number(process.env.SIGHTLINE_TEST_WEBHOOK_PORT ?? (await freePort()));
process.env.SIGHTLINE_TEST_WEBHOOK_PORT = String(webhookPort);

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "../wrangler.toml" },
      miniflare: {
        bindings: {
          LIBSQL_URL: `http://127.0.0.1:${dbPort}`,
          ORG_DATA_LIBSQL_URL: `http://127.0.0.1:${orgDataPort}`,
          SIGHTLINE_ENV: "test",
          SESSION_SECRET: "test-session-secret-of-at-least-32-characters",
          QUEUE_RETRY_BASE_SECONDS: "0",
          PENDING_ATTACH_DELAY_SECONDS: "0",
          TEST_HANGING_DB_URL: `http://127.0.0.1:${hangingPort}`,
          TEST_OPENAI_URL: `http://127.0.0.1:${openaiPort}/v1`,
          TEST_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}`,
          // A fixed test key (32 bytes): seals provider keys at rest (lib/secrets.ts).
          ENCRYPTION_KEY: "k1:c2lnaHRsaW5lLXRlc3QtZW5jcnlwdGlvbi1rZXkhISE=",
        },
      },
    }),
  ],
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
