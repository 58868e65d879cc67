/**
 * Miniflare does not fire cron triggers on a clock; this does, for `npm start`, so retention and
 * the other cron jobs run locally as they would when deployed.
 */
import type { Stack } from "./stack.ts";

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
 * Fires each of the stack's crons once now and then on its interval; returns a function that
 * stops it. Crons it cannot follow are reported, not run.
 */
export function driveCrons(
  stack: Pick<Stack, "crons" | "scheduled">,
  log: (line: string) => void,
): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const cron of stack.crons) {
    const minutes = everyMinutes(cron);
    if (minutes === null) {
      log(`cron "${cron}" is not run locally (only every-N-minutes crons are)`);
      continue;
    }
    const fire = () => {
      stack.scheduled(cron).catch((err: unknown) => log(`cron "${cron}" failed: ${String(err)}`));
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
