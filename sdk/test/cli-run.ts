import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";

/** The bin's source, run with Node as a user runs the built one. */
export const BIN = join(import.meta.dirname, "..", "src", "cli", "main.ts");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sightline ARGS…` in `cwd` with exactly `env`; resolves with its exit code and output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs = 60_000,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A test case of `sightline eval --junit`'s XML, as fast-xml-parser reads it. */
export type JunitCase = {
  "@name": string;
  "@classname": string;
  failure?: { "@message": string; "#text"?: string };
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (n) => n === "testcase",
});

/** The test cases of a JUnit file, which must be well-formed XML. */
export async function junitCases(file: string): Promise<JunitCase[]> {
  const xml = await readFile(file, "utf8");
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).testsuites.testsuite.testcase as JunitCase[];
}
