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
