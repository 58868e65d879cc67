/** Helpers for scripts that are both importable modules and command-line entry points. */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * True when the module whose `import.meta.url` is given is the script Node was started with
 * (`node scripts/x.ts`), false when it was imported. Compares real paths, so it holds when the
 * path has spaces or non-ASCII characters (percent-encoded in the URL, not in argv) or goes
 * through a symlink (Node resolves the main module's symlinks, argv keeps them).
 */
export function isMain(importMetaUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(fileURLToPath(importMetaUrl)) === realpathSync(script);
  } catch {
    // argv[1] names no existing file (e.g. it was given without its extension).
    return false;
  }
}

/** On the first SIGINT or SIGTERM, awaits `close` and exits: 0 when it resolved, 1 when it failed. */
export function stopOnSignals(close: () => Promise<unknown>): void {
  const stop = (): void => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
