#!/usr/bin/env node
/**
 * The `sightline` command. Credentials come from the environment, as for the SDK's init():
 * SIGHTLINE_API_KEY (a project API key; `write` scope to import or evaluate, `read` to export;
 * `ingest` too for eval's traces), SIGHTLINE_URL (Sightline's address) and optionally
 * SIGHTLINE_PROJECT_ID. Exit codes: 0 done, 1 failed (rows rejected unless --allow-bad-rows; a
 * gate failed), 2 usage (and, for eval, connection errors).
 */
import { SightlineClient } from "../client.ts";
import { init } from "../default-client.ts";
import { SightlineError } from "../errors.ts";
import type { InitOptions } from "../options.ts";
import { UsageError } from "./args.ts";
import { USAGE as DATASETS_USAGE, datasetsCommand } from "./datasets.ts";
import { USAGE as EVAL_USAGE, evalCommand } from "./eval.ts";

const USAGE = `Usage: sightline <command> …

Commands:
${DATASETS_USAGE}
${EVAL_USAGE}

Environment: SIGHTLINE_API_KEY (a project API key), SIGHTLINE_URL (e.g. https://sightline.example.com),
SIGHTLINE_PROJECT_ID (optional: the key's project is asked from the API otherwise).`;

function optionsFromEnv(env: NodeJS.ProcessEnv): InitOptions {
  const apiKey = env.SIGHTLINE_API_KEY ?? "";
  const baseUrl = env.SIGHTLINE_URL ?? "";
  if (apiKey === "" || baseUrl === "")
    throw new UsageError("set SIGHTLINE_API_KEY and SIGHTLINE_URL (Sightline's address) in the environment");
  return { apiKey, baseUrl, projectId: env.SIGHTLINE_PROJECT_ID, requestTimeoutMs: 30_000 };
}

/** The datasets commands send no spans; an unusable option is reported by the first API call instead. */
const quietClient = (env: NodeJS.ProcessEnv) =>
  new SightlineClient({ ...optionsFromEnv(env), onError: () => undefined });

/**
 * eval traces the application: its client is init()'s, so the config's own trace() and
 * wrapOpenAI() calls (through the same installed SDK) nest in each record's trace.
 */
const tracingClient = (env: NodeJS.ProcessEnv) =>
  init({ ...optionsFromEnv(env), serviceName: env.OTEL_SERVICE_NAME ?? "sightline-eval" });

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === "datasets") return datasetsCommand(rest, () => quietClient(process.env));
  if (command === "eval") {
    let client: SightlineClient | undefined;
    try {
      return await evalCommand(rest, () => {
        client = tracingClient(process.env);
        return client;
      });
    } finally {
      await client?.shutdown();
    }
  }
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`sightline: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      const message =
        error instanceof SightlineError || error instanceof Error ? error.message : String(error);
      process.stderr.write(`sightline: ${message}\n`);
      process.exitCode = 1;
    }
  },
);
