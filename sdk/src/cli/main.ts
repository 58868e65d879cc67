#!/usr/bin/env node
/**
 * The `sightline` command. Credentials come from the environment, as for the SDK's init():
 * SIGHTLINE_API_KEY (a project API key; `write` scope to import, `read` to export), SIGHTLINE_URL
 * (Sightline's address) and optionally SIGHTLINE_PROJECT_ID.
 * Exit codes: 0 done, 1 failed (or rows rejected, unless --allow-bad-rows), 2 usage.
 */
import { SightlineClient } from "../client.ts";
import { SightlineError } from "../errors.ts";
import { UsageError } from "./args.ts";
import { USAGE as DATASETS_USAGE, datasetsCommand } from "./datasets.ts";

const USAGE = `Usage: sightline <command> …

Commands:
${DATASETS_USAGE}

Environment: SIGHTLINE_API_KEY (a project API key), SIGHTLINE_URL (e.g. https://sightline.example.com),
SIGHTLINE_PROJECT_ID (optional: the key's project is asked from the API otherwise).`;

function clientFromEnv(env: NodeJS.ProcessEnv): SightlineClient {
  const apiKey = env.SIGHTLINE_API_KEY ?? "";
  const baseUrl = env.SIGHTLINE_URL ?? "";
  if (apiKey === "" || baseUrl === "")
    throw new UsageError("set SIGHTLINE_API_KEY and SIGHTLINE_URL (Sightline's address) in the environment");
  return new SightlineClient({
    apiKey,
    baseUrl,
    projectId: env.SIGHTLINE_PROJECT_ID,
    requestTimeoutMs: 30_000,
    // The CLI sends no spans; an unusable option is reported by the first API call instead.
    onError: () => undefined,
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command !== "datasets") throw new UsageError(`unknown command "${command}"`);
  return datasetsCommand(rest, () => clientFromEnv(process.env));
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
