/**
 * Records what real instrumentation libraries send to an OTLP endpoint, as replayable fixtures.
 * Run by hand (see README.md); for each library: installs it into its own directory under the work
 * directory (outside the repo), starts the scripted OpenAI server and a capture server, runs the
 * library's agent program against them, and writes tests/fixtures/clients/<id>.json (the raw
 * requests) and <id>.decoded.json (a readable view).
 *
 *   node scripts/record-clients/record.ts [--only vercel-ai-6,langfuse] [--workdir /tmp/record-clients] [--reinstall]
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { isMain } from "../is-main.ts";
import { startOpenAIServer } from "../openai-server.ts";
import { type CapturedRequest, startCaptureServer } from "./capture-server.ts";
import { decodeRequests } from "./decode.ts";
import { type Library, libraries } from "./libraries.ts";
import { modelCallsFrom, scenario, scenarioRules } from "./scenario.ts";

const here = import.meta.dirname;
const fixturesDir = join(here, "../../tests/fixtures/clients");
/** The decoder's protobuf root (see decode.ts): the last otlp-transformer line that ships one with `eventName`. */
const DECODER_PACKAGES = ["@opentelemetry/otlp-transformer@0.212"];
const AGENT_TIMEOUT_MS = 120_000;

/** The npm package name of a spec like "@ai-sdk/openai@3" or "zod@4". */
function packageName(spec: string): string {
  const at = spec.indexOf("@", 1);
  return at === -1 ? spec : spec.slice(0, at);
}

function npmInstall(dir: string, specs: string[], reinstall: boolean): void {
  if (!reinstall && existsSync(join(dir, "node_modules"))) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: `record-${dir.split("/").pop()}`, private: true, type: "module" })}\n`,
  );
  console.log(`installing ${specs.join(" ")} into ${dir}`);
  // npm runs on this Node, so packages that need Node 22 (openai 7) resolve as they would for us.
  const path = `${dirname(process.execPath)}:${process.env.PATH ?? ""}`;
  execFileSync("npm", ["install", "--no-audit", "--no-fund", ...specs], {
    cwd: dir,
    stdio: "inherit",
    env: { ...process.env, PATH: path },
  });
}

function installedVersions(dir: string, specs: string[]): Record<string, string> {
  return Object.fromEntries(
    specs.map((spec) => {
      const name = packageName(spec);
      const manifest = JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"));
      return [name, manifest.version as string];
    }),
  );
}

interface AgentResult {
  answer: string;
  streamed: string;
  embeddingLength: number;
  toolRan: boolean;
  failure: string;
}

function runAgent(lib: Library, dir: string, env: Record<string, string>): Promise<AgentResult> {
  copyFileSync(join(here, "agents", `${lib.id}.mjs`), join(dir, "agent.mjs"));
  cpSync(join(here, "agents", "shared"), join(dir, "shared"), { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["agent.mjs"], {
      cwd: dir,
      env: { ...process.env, ...env, ...lib.env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), AGENT_TIMEOUT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) {
        reject(new Error(`${lib.id}: agent exited with ${code ?? signal}\n${stdout}`));
        return;
      }
      resolve(JSON.parse(line.slice("RESULT ".length)) as AgentResult);
    });
  });
}

/** The agent must really have run the scenario, or the recording is not worth keeping. */
function checkResult(lib: Library, result: AgentResult): void {
  const problems = [
    result.answer !== scenario.finalAnswer && `answer was ${JSON.stringify(result.answer)}`,
    result.streamed !== scenario.streamAnswer && `streamed ${JSON.stringify(result.streamed)}`,
    result.embeddingLength <= 0 && "no embedding",
    !result.toolRan && "the tool never ran",
    !result.failure.includes(scenario.failure.message) && `failure was ${JSON.stringify(result.failure)}`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`${lib.id}: ${problems.join("; ")}`);
}

async function record(lib: Library, workdir: string, reinstall: boolean): Promise<void> {
  const dir = join(workdir, lib.id);
  npmInstall(dir, lib.packages, reinstall);
  const openai = await startOpenAIServer();
  const capture = await startCaptureServer();
  openai.script(scenarioRules());
  try {
    const result = await runAgent(lib, dir, {
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: "sk-test",
      OTLP_ENDPOINT: capture.url,
      RECORD_SCENARIO: JSON.stringify(scenario),
    });
    checkResult(lib, result);
    // Exporters flush on shutdown before the agent exits; this only catches a straggler.
    await new Promise((r) => setTimeout(r, 300));
    writeFixture(lib, workdir, installedVersions(dir, lib.packages), modelCallsFrom(openai.requests), [
      ...capture.requests,
    ]);
  } finally {
    await Promise.all([openai.close(), capture.close()]);
  }
}

function writeFixture(
  lib: Library,
  workdir: string,
  packages: Record<string, string>,
  modelCalls: ReturnType<typeof modelCallsFrom>,
  requests: CapturedRequest[],
): void {
  const sum = (key: "inputTokens" | "outputTokens") =>
    modelCalls.reduce((total, call) => total + (call[key] ?? 0), 0);
  const fixture = {
    library: lib.id,
    title: lib.title,
    packages,
    node: process.version,
    recordedAt: new Date().toISOString(),
    scenario: lib.setup,
    modelCalls,
    usageTotals: { inputTokens: sum("inputTokens"), outputTokens: sum("outputTokens") },
    session: lib.setsSession ? scenario.sessionId : null,
    user: lib.setsUser ? scenario.userId : null,
    expected: {
      systemPrompt: scenario.systemPrompt,
      question: scenario.question,
      toolName: scenario.tool.name,
      toolArguments: scenario.tool.arguments,
      toolResult: scenario.tool.result,
      finalAnswer: scenario.finalAnswer,
      streamQuestion: scenario.streamQuestion,
      streamAnswer: scenario.streamAnswer,
      embeddingInput: scenario.embeddingInput,
      failureMessage: scenario.failure.message,
    },
    requests: requests.map((r) => ({
      method: r.method,
      path: r.path,
      headers: r.headers,
      bodyBase64: r.body.toString("base64"),
    })),
    notes: lib.notes,
  };
  mkdirSync(fixturesDir, { recursive: true });
  const fixturePath = join(fixturesDir, `${lib.id}.json`);
  const decodedPath = join(fixturesDir, `${lib.id}.decoded.json`);
  writeFileSync(fixturePath, `${JSON.stringify(fixture, null, 2)}\n`);
  const decoded = { library: lib.id, ...decodeRequests(requests, workdir) };
  writeFileSync(decodedPath, `${JSON.stringify(decoded, null, 2)}\n`);
  // The repo's formatter has the last word on layout, so `npm run lint` passes on the fixtures.
  execFileSync(join(here, "../../node_modules/.bin/biome"), ["format", "--write", fixturePath, decodedPath], {
    stdio: "ignore",
  });
  const spans = decoded.spans.length;
  console.log(
    `${lib.id}: ${requests.length} requests, ${spans} spans, ${decoded.logRecords.length} log records`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      workdir: { type: "string", default: "/tmp/record-clients" },
      reinstall: { type: "boolean", default: false },
    },
  });
  const only = values.only?.split(",");
  const unknown = only?.filter((id) => !libraries.some((lib) => lib.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown library ${unknown.join(", ")}`);
  const workdir = values.workdir;
  npmInstall(join(workdir, "decode"), DECODER_PACKAGES, values.reinstall);
  const failed: string[] = [];
  for (const lib of libraries.filter((l) => !only || only.includes(l.id))) {
    try {
      await record(lib, workdir, values.reinstall);
    } catch (error) {
      console.error(error);
      failed.push(lib.id);
    }
  }
  if (failed.length > 0) throw new Error(`not recorded: ${failed.join(", ")}`);
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
