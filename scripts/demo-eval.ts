/**
 * `npm run demo:eval -- [sightline eval options]`: evaluates the demo support agent with
 * `sightline eval scripts/demo/eval.config.ts`, as a user runs it in CI, against the Sightline at
 * SIGHTLINE_URL (default http://localhost:8787; start it with `npm start`). It logs in as the demo
 * user, keeps the project "Support agent evals (demo)" (runs are compared with earlier runs),
 * starts the scripted LLM that both the agent and the judges call, points the organization's judge
 * provider `demo-llm` at it, registers the judges and the dataset (scripts/demo/eval-setup.ts),
 * then runs the CLI with the options given and exits with its exit code.
 *
 *   DEMO_PROMPT          the agent's prompt: support (default), terse, or a file (eval.config.ts)
 *   DEMO_JUDGE_DELAY_MS  how long each judgement takes (default 1000: the run is scored in about
 *                        15 s, long enough to watch it in the dashboard; 0 for speed)
 *
 *   DEMO_PROMPT=terse npm run demo:eval -- --baseline latest --junit eval.xml --summary eval.md
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { z } from "zod";
import { DEMO_EMAIL, DEMO_PASSWORD, demoEvalProject, demoLogin } from "./demo/account.ts";
import { evalAgentRules } from "./demo/eval-cases.ts";
import { evalJudgeRules } from "./demo/eval-judges.ts";
import { prepareDemoEval } from "./demo/eval-setup.ts";
import { startOpenAIServer } from "./openai-server.ts";
import { ROOT } from "./stack.ts";

const CLI = join(ROOT, "sdk", "src", "cli", "main.ts");
const CONFIG = "scripts/demo/eval.config.ts";

/** Runs the bin's source with this Node, as `npx sightline` runs the built one; resolves its exit code. */
function sightline(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: "inherit" });
    // Ctrl-C reaches the child too (same process group): it cancels its run and exits 130.
    process.on("SIGINT", () => undefined);
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" ? 130 : 1)));
  });
}

function judgeDelayMs(): number {
  const raw = process.env.DEMO_JUDGE_DELAY_MS;
  const delay = z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .safeParse(raw === undefined || raw === "" ? 1000 : raw);
  if (!delay.success) throw new Error(`DEMO_JUDGE_DELAY_MS must be a number of milliseconds, got ${raw}`);
  return delay.data;
}

async function main(): Promise<number> {
  const url = (process.env.SIGHTLINE_URL ?? "http://localhost:8787").replace(/\/+$/, "");
  try {
    await fetch(`${url}/api/health`);
  } catch {
    console.error(`No Sightline answers at ${url}: start it with \`npm start\` (or set SIGHTLINE_URL).`);
    return 2;
  }
  const account = await demoLogin(url);
  const projectId = await demoEvalProject(url, account);
  const llm = await startOpenAIServer();
  try {
    llm.script([...evalJudgeRules({ delayMs: judgeDelayMs() }), ...evalAgentRules()]);
    const { apiKey } = await prepareDemoEval({ url, ...account, projectId, llmUrl: llm.url });
    const args = ["eval", CONFIG, ...process.argv.slice(2)];
    console.log(
      [
        `Watch the run live: ${url}/p/${projectId}/evaluations  (log in as ${DEMO_EMAIL} / ${DEMO_PASSWORD})`,
        `Prompt: ${process.env.DEMO_PROMPT || "support"} (DEMO_PROMPT; scripts/demo/prompts/)`,
        `$ sightline ${args.map((a) => (/^[\w./:=-]+$/.test(a) ? a : JSON.stringify(a))).join(" ")}`,
        "",
      ].join("\n"),
    );
    return await sightline(args, {
      ...process.env,
      SIGHTLINE_URL: url,
      SIGHTLINE_API_KEY: apiKey,
      SIGHTLINE_PROJECT_ID: projectId,
      DEMO_LLM_URL: llm.url,
    });
  } finally {
    await llm.close();
  }
}

process.exitCode = await main();
