/**
 * How the CLI shows an import going: a bar redrawn in place on a terminal, a counter line at most
 * once a second otherwise (a log or CI keeps every line), and the report of rejected rows.
 */
import type { ImportProgress, ImportReport } from "../imports.ts";

export const count = (n: number) => n.toLocaleString("en-US");

/** How a command draws its progress: a bar of `width` characters, a log line, and which states to draw at once. */
export interface ProgressRender<P> {
  bar(progress: P, width: number): string;
  line(progress: P): string;
  /** A state drawn however recently the last one was (a stage's end). */
  urgent(progress: P): boolean;
}

/**
 * What a command shows as it goes: a bar redrawn in place on a terminal (at most ten times a
 * second), a line at most once a second otherwise (a log or CI keeps every line).
 */
export function progressWriter<P>(
  stream: NodeJS.WriteStream,
  render: ProgressRender<P>,
): { show(p: P): void; end(): void } {
  const terminal = stream.isTTY === true;
  let last = 0;
  let drawn = false;
  return {
    show(progress) {
      const now = Date.now();
      const urgent = render.urgent(progress);
      if (terminal) {
        if (now - last < 100 && !urgent) return;
        const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 60));
        stream.write(`\r${render.bar(progress, width)}\u001b[K`);
        drawn = true;
      } else {
        if (now - last < 1_000 && !urgent) return;
        stream.write(`${render.line(progress)}\n`);
      }
      last = now;
    },
    end() {
      if (drawn) stream.write("\n");
    },
  };
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The share of the source read, 0 … 1, when its size is known. */
export function shareOf(progress: ImportProgress): number | null {
  if (progress.totalBytes === null || progress.totalBytes === 0) return null;
  return Math.min(1, progress.bytesRead / progress.totalBytes);
}

function counts(progress: ImportProgress): string {
  const rejected = progress.rejected === 0 ? "" : `, ${count(progress.rejected)} rejected`;
  if (progress.stage === "committing") return `${count(progress.rows)} rows${rejected}, committing…`;
  return `${count(progress.rows)} rows${rejected}`;
}

/** `[██████░░░░]  60%  6,000 rows, 2 rejected  3.0 MB / 5.0 MB` in `width` characters of bar. */
export function progressBar(progress: ImportProgress, width = 30): string {
  const share = progress.stage === "sending" ? shareOf(progress) : 1;
  const size =
    progress.totalBytes === null ? "" : `  ${bytes(progress.bytesRead)} / ${bytes(progress.totalBytes)}`;
  if (share === null) return `${counts(progress)}${size}`;
  const filled = Math.round(share * width);
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${percent}  ${counts(progress)}${size}`;
}

/** One line of a log: `sent 6,000 rows in 6 chunks (2 rejected), 60% of 5.0 MB`. */
export function progressLine(progress: ImportProgress): string {
  if (progress.stage === "committing") return `committing ${count(progress.rows)} rows…`;
  if (progress.stage === "committed") return `committed ${count(progress.rows)} rows`;
  const share = shareOf(progress);
  const rejected = progress.rejected === 0 ? "" : ` (${count(progress.rejected)} rejected)`;
  const through =
    share === null || progress.totalBytes === null
      ? ""
      : `, ${Math.floor(share * 100)}% of ${bytes(progress.totalBytes)}`;
  return `sent ${count(progress.rows)} rows in ${count(progress.chunks)} chunks${rejected}${through}`;
}

/** What the import did, then each rejected row as `line N: reason`. */
export function reportText(report: ImportReport, target: string): string {
  const { accepted, inserted, updated, unchanged, rejected, errors } = report;
  const version = report.version === null ? "no new version" : `version ${report.version}`;
  const lines = [
    `Imported into ${target}, ${version}: ${count(accepted)} rows accepted (${count(inserted)} inserted, ${count(updated)} updated, ${count(unchanged)} unchanged), ${count(rejected)} rejected.`,
  ];
  if (rejected > 0) {
    lines.push("Rejected rows:");
    for (const e of errors) lines.push(`  line ${e.line}: ${e.reason}`);
    if (errors.length < rejected)
      lines.push(
        `  … and ${count(rejected - errors.length)} more (the server keeps the first 1,000 of its own)`,
      );
  }
  return lines.join("\n");
}
