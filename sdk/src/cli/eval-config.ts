/**
 * An eval config module for `sightline eval CONFIG`: a .ts, .mts, .js, .mjs or .cjs file that
 * exports (by name, or as its default export) `data`, `predictFn`, `scorers` and optionally
 * `gates`, `name`, `params`, `tags`, `concurrency` and `repeats`. TypeScript is loaded with tsx
 * when it can be found (from the working folder, then beside the CLI); otherwise Node loads it
 * itself, which works from Node 22.18 for TypeScript that only needs its types erased.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isObject } from "../checks.ts";
import type { EvalConfig } from "../evaluation-types.ts";
import { UsageError } from "./args.ts";

const KINDS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const TYPESCRIPT = [".ts", ".mts", ".cts"];

/**
 * Registers tsx's loader for this process when tsx is installed where the config or the CLI can
 * see it. Registered (not tsImport, which loads into a namespace of its own), the config's import
 * of the SDK is the very module the CLI runs, so its trace() calls nest in each record's trace.
 */
async function registerTsx(): Promise<boolean> {
  for (const from of [`${process.cwd()}/`, import.meta.url]) {
    try {
      const path = createRequire(from).resolve("tsx/esm/api");
      const api = (await import(pathToFileURL(path).href)) as { register?: () => unknown };
      if (typeof api.register !== "function") continue;
      api.register();
      return true;
    } catch {
      // Not installed there: try the next place, then Node's own type stripping.
    }
  }
  return false;
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  const typescript = TYPESCRIPT.includes(extname(file));
  const tsx = typescript && (await registerTsx());
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const hint =
      typescript && !tsx
        ? " (for TypeScript, install tsx: npm install --save-dev tsx, or use Node ≥ 22.18)"
        : "";
    throw new UsageError(`cannot load ${file}: ${why}${hint}`);
  }
}

/** Loads and checks a config module; its mistakes are usage errors (exit code 2). */
export async function loadEvalConfig(path: string): Promise<EvalConfig> {
  const file = resolve(path);
  if (!KINDS.includes(extname(file)))
    throw new UsageError(`the config must be a ${KINDS.join(", ")} file, got ${path}`);
  if (!existsSync(file)) throw new UsageError(`no config file at ${path}`);
  const module = await importModule(file);
  // A CommonJS module (a .ts file compiled as one) comes as { default: module.exports }, whose own default is the config.
  let exported = module.default;
  if (isObject(exported) && !("data" in exported) && isObject(exported.default)) exported = exported.default;
  const config = isObject(exported) && "data" in exported ? exported : module;
  if (config.data === undefined) throw new UsageError(`${path} exports no data (records, or a dataset name)`);
  if (!Array.isArray(config.scorers) || config.scorers.length === 0)
    throw new UsageError(`${path} exports no scorers (a non-empty list)`);
  if (config.predictFn !== undefined && typeof config.predictFn !== "function")
    throw new UsageError(`${path}: predictFn must be a function`);
  if (
    config.gates !== undefined &&
    !(Array.isArray(config.gates) && config.gates.every((g) => typeof g === "string"))
  )
    throw new UsageError(`${path}: gates must be a list of strings such as "correctness/mean>=0.9"`);
  return config as unknown as EvalConfig;
}
