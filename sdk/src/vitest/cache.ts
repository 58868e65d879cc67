/**
 * The predict cache of describeEval(): each case's outputs kept in a JSON file under a key that
 * hashes the suite, the user's cache version and the case's canonical inputs (RFC 8785), so a
 * rerun with nothing changed costs no model calls, and a CI cache can keep the file between jobs.
 * The application's code is not in the key: changing a prompt or a model means changing the
 * cache version. Several test files may share the file; each save merges into what is on disk
 * and renames a temporary file over it, so a reader never sees half a file. Two saves at the very
 * same moment can lose one side's new entries: they are predicted again next time, never wrong.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { canonicalSha256 } from "../eval-data.ts";

/** Where describeEval() keeps predictions by default, relative to the working folder. */
export const DEFAULT_CACHE_PATH = ".sightline/vitest-cache.json";

const FORMAT = 1;

interface Entry {
  /** The suite that wrote it: a suite's entries it no longer uses are dropped when it saves. */
  suite: string;
  outputs: unknown;
  savedAt: string;
}

interface CacheFile {
  format: typeof FORMAT;
  entries: Record<string, Entry>;
}

async function readEntries(path: string): Promise<Record<string, Entry>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CacheFile> | null;
    return parsed?.format === FORMAT && typeof parsed.entries === "object" && parsed.entries !== null
      ? parsed.entries
      : {};
  } catch {
    // A damaged or foreign file is a cold cache, not a failing suite: it is rewritten on save.
    return {};
  }
}

export class PredictCache {
  readonly path: string;
  readonly #suite: string;
  readonly #version: string | null;
  readonly #entries: Record<string, Entry>;
  /** Keys this run read or wrote: the suite's entries that are kept on save. */
  readonly #used = new Set<string>();
  #changed = false;

  private constructor(path: string, suite: string, version: string | null, entries: Record<string, Entry>) {
    this.path = path;
    this.#suite = suite;
    this.#version = version;
    this.#entries = entries;
  }

  static async open(path: string, suite: string, version: string | null): Promise<PredictCache> {
    return new PredictCache(path, suite, version, await readEntries(path));
  }

  /** The key of a case: SHA-256 of the canonical JSON of its suite, the cache version and its inputs. */
  keyOf(inputs: Record<string, unknown>): Promise<string> {
    return canonicalSha256({ suite: this.#suite, version: this.#version, inputs });
  }

  /** The outputs kept for a key, as `{ outputs }`, or undefined when there are none. */
  get(key: string): { outputs: unknown } | undefined {
    const entry = this.#entries[key];
    if (entry === undefined || entry.suite !== this.#suite) return undefined;
    this.#used.add(key);
    return { outputs: entry.outputs };
  }

  set(key: string, outputs: unknown): void {
    this.#entries[key] = { suite: this.#suite, outputs, savedAt: new Date().toISOString() };
    this.#used.add(key);
    this.#changed = true;
  }

  /**
   * Writes the suite's entries into the file as it is now: other suites' entries kept, this
   * suite's unused ones dropped (when every case of the suite ran, so a filtered run prunes nothing).
   */
  async save({ prune }: { prune: boolean }): Promise<void> {
    const onDisk = await readEntries(this.path);
    const stale = Object.keys(onDisk).filter(
      (key) => onDisk[key]?.suite === this.#suite && !this.#used.has(key),
    );
    if (!this.#changed && !(prune && stale.length > 0)) return;
    if (prune) for (const key of stale) delete onDisk[key];
    for (const key of this.#used) {
      const entry = this.#entries[key];
      if (entry) onDisk[key] = entry;
    }
    const file: CacheFile = { format: FORMAT, entries: onDisk };
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 1)}\n`);
    await rename(temporary, this.path);
  }
}
