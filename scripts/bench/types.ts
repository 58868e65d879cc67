/** What a benchmark suite is and what it reports; suites.ts lists the suites, run.ts runs them. */
export type BenchRow = {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  /** The figure an issue asks for, if any, e.g. "<= 50 ms p95". */
  goal?: string;
};

export type BenchSuite = {
  name: string;
  description: string;
  /**
   * Checks (or installs) what the suite needs from outside the project, e.g. Chromium. The runner
   * calls it for every chosen suite before the first one starts, so a missing tool stops the run
   * at once rather than after the long suites before it.
   */
  prepare?(): void | Promise<void>;
  /**
   * false for a suite that starts no local stack (a simulation): when every chosen suite says so,
   * the runner skips building the dashboard the stack serves. Default true.
   */
  needsStack?: boolean;
  run(): Promise<BenchRow[]>;
};
