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
  run(): Promise<BenchRow[]>;
};
