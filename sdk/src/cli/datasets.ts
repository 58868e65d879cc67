/**
 * `sightline datasets import|export`: a file streamed into a dataset as one version (progress, a
 * report of rejected rows), and a version streamed out to stdout or a file.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { SightlineClient } from "../client.ts";
import type { Dataset } from "../dataset-types.ts";
import type { ImportProgress } from "../imports.ts";
import { interruptible, parse, UsageError } from "./args.ts";
import { progressBar, progressLine, progressWriter, reportText } from "./progress.ts";

export const USAGE = `  sightline datasets import FILE --dataset NAME [--format jsonl|json|csv] [--create]
                            [--allow-bad-rows] [--message TEXT] [--map COLUMN=PATH]…
      Imports FILE into the dataset as one version. Bad rows are reported by line; the good rows
      are kept. Exits 1 when any row was rejected, unless --allow-bad-rows. --create makes the
      dataset when there is none of that name. --map maps a CSV column to a field path
      (inputs.question, expectations.expected_response, outputs, tags.team, ignore; :json for JSON).
  sightline datasets export NAME [--version N] [--format jsonl|csv] [--out FILE]
      Writes a version (default: the current one) to stdout or FILE.`;

/** The dataset named `name`: found, or with `create` made; otherwise a clear failure. */
async function datasetNamed(client: SightlineClient, name: string, create: boolean): Promise<Dataset> {
  const found = await client.datasets.find(name);
  if (found) return found;
  if (create) return client.datasets.create({ name });
  throw new Error(`the project has no dataset named "${name}"${create ? "" : " (add --create to make it)"}`);
}

function mappingOf(entries: string[] | undefined): Record<string, string> | undefined {
  if (!entries || entries.length === 0) return undefined;
  const mapping: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf("=");
    if (at <= 0) throw new UsageError(`--map takes COLUMN=PATH, got "${entry}"`);
    mapping[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return mapping;
}

async function importCommand(args: string[], client: () => SightlineClient): Promise<number> {
  const { values, positionals } = parse(args, {
    dataset: { type: "string" },
    format: { type: "string" },
    create: { type: "boolean" },
    "allow-bad-rows": { type: "boolean" },
    message: { type: "string" },
    map: { type: "string", multiple: true },
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError("datasets import takes one FILE");
  if (values.dataset === undefined) throw new UsageError("datasets import needs --dataset NAME");
  const format = values.format;
  if (format !== undefined && format !== "jsonl" && format !== "json" && format !== "csv")
    throw new UsageError(`--format must be jsonl, json or csv, got "${format}"`);
  const mapping = mappingOf(values.map);
  const sightline = client();
  const dataset = await datasetNamed(sightline, values.dataset, values.create === true);

  // Ctrl-C stops before the next chunk and drops the session; a second one stops at once.
  const stop = interruptible("the import session is dropped, nothing is written");
  const progress = progressWriter<ImportProgress>(process.stderr, {
    bar: progressBar,
    line: progressLine,
    urgent: (p) => p.stage !== "sending",
  });
  try {
    const report = await sightline.datasets.importFile(file, {
      dataset: dataset.id,
      format,
      mapping,
      message: values.message,
      onProgress: (p) => progress.show(p),
      signal: stop.signal,
    });
    progress.end();
    process.stdout.write(`${reportText(report, `"${dataset.name}"`)}\n`);
    return report.rejected > 0 && values["allow-bad-rows"] !== true ? 1 : 0;
  } catch (error) {
    progress.end();
    throw error;
  } finally {
    stop.release();
  }
}

async function exportCommand(args: string[], client: () => SightlineClient): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw new UsageError("datasets export takes one dataset NAME");
  const format = values.format ?? "jsonl";
  if (format !== "jsonl" && format !== "csv")
    throw new UsageError(`--format must be jsonl or csv, got "${format}"`);
  const version = values.version === undefined ? undefined : Number(values.version);
  if (version !== undefined && !(Number.isInteger(version) && version >= 0))
    throw new UsageError(`--version must be a version number, got "${values.version}"`);
  const sightline = client();
  const dataset = await datasetNamed(sightline, name, false);
  const body = await sightline.datasets.export({ datasetId: dataset.id, version, format });
  const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  if (values.out === undefined) {
    await pipeline(source, process.stdout);
    return 0;
  }
  // Written beside the file and renamed at the end, so a cut export never passes for a whole one.
  const partial = `${values.out}.partial`;
  try {
    await pipeline(source, createWriteStream(partial));
    await rename(partial, values.out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  process.stderr.write(`Wrote "${dataset.name}" version ${version ?? dataset.version} to ${values.out}\n`);
  return 0;
}

export async function datasetsCommand(args: string[], client: () => SightlineClient): Promise<number> {
  const [action, ...rest] = args;
  if (action === "import") return importCommand(rest, client);
  if (action === "export") return exportCommand(rest, client);
  if (action === undefined || action === "--help" || action === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return action === undefined ? 2 : 0;
  }
  throw new UsageError(`unknown datasets command "${action}" (import or export)`);
}
