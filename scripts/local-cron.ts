/**
 * `wrangler dev` does not fire cron triggers on its own; with `--test-scheduled` it runs one per
 * request to `/__scheduled?cron=…`. This drives those requests for `npm start`, so retention and
 * the other cron jobs run locally as they would when deployed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The `crons = [...]` of wrangler.toml's [triggers]. */
export function cronsOf(wranglerToml: string): string[] {
  const list = /^\s*crons\s*=\s*\[([^\]]*)\]/m.exec(wranglerToml)?.[1] ?? "";
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "").filter(Boolean);
}

/**
 * Minutes between runs of a cron this driver can follow: every minute, or every N minutes (a
 * minute field of star-slash-N, every other field a star). Null for any other cron.
 */
export function everyMinutes(cron: string): number | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || fields.slice(1).some((f) => f !== "*")) return null;
  if (fields[0] === "*") return 1;
  const step = /^\*\/(\d+)$/.exec(fields[0] ?? "")?.[1];
  return step && Number(step) > 0 ? Number(step) : null;
}

/**
 * Fires each cron of wrangler.toml against `baseUrl` once now and then on its interval; returns
 * a function that stops it. Crons it cannot follow are reported, not run.
 */
export function driveCrons(root: string, baseUrl: string, log: (line: string) => void): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const cron of cronsOf(readFileSync(join(root, "wrangler.toml"), "utf8"))) {
    const minutes = everyMinutes(cron);
    if (minutes === null) {
      log(
        `cron "${cron}" is not run locally (only every-N-minutes crons are); trigger it with ${baseUrl}/__scheduled?cron=${encodeURIComponent(cron)}`,
      );
      continue;
    }
    const fire = () => {
      fetch(`${baseUrl}/__scheduled?cron=${encodeURIComponent(cron)}`)
        .then((res) => res.arrayBuffer())
        .catch((err: unknown) => log(`cron "${cron}" could not be triggered: ${String(err)}`));
    };
    fire();
    const timer = setInterval(fire, minutes * 60_000);
    timer.unref();
    timers.push(timer);
  }
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
