import { parseArgs } from "node:util";

/** A command line that cannot be run: shown with the usage, exit code 2. */
export class UsageError extends Error {}

type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

/** node:util's parseArgs, its complaints (an unknown option, a missing value) as UsageError. */
export function parse<T extends OptionSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Ctrl-C as an AbortSignal: the first says `stopping` and aborts (the command stops cleanly); a
 * second exits at once. `release` removes the handler.
 */
export function interruptible(stopping: string): { signal: AbortSignal; release(): void } {
  const stop = new AbortController();
  const interrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write(`\nStopping: ${stopping}…\n`);
    stop.abort();
  };
  process.on("SIGINT", interrupt);
  return { signal: stop.signal, release: () => process.off("SIGINT", interrupt) };
}
