import { execFile } from "node:child_process";
import { join } from "node:path";

/** The bin's source, run with Node as a user runs the built one. */
export const BIN = join(import.meta.dirname, "..", "src", "cli", "main.ts");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sightline ARGS…` in `cwd` with exactly `env`; resolves with its exit code and output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs = 60_000,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
