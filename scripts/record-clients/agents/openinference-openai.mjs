// The recording agent for OpenInference's OpenAI instrumentation, set up as its README says for ES
// modules (manuallyInstrument), with openinference-core's traceAgent/traceTool wrappers and its
// setSession/setUser context attributes. Run by scripts/record-clients/record.ts from the library's
// install directory; JavaScript, because its imports resolve there, not in the repo.
import { setSession, setUser, traceAgent, traceTool } from "@arizeai/openinference-core";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { context } from "@opentelemetry/api";
import OpenAI from "openai";
import { startNodeTracer } from "./shared/node-tracer.mjs";
import { runWeatherAgent, weatherTool } from "./shared/openai-agent.mjs";

const s = JSON.parse(process.env.RECORD_SCENARIO);
const provider = startNodeTracer();
new OpenAIInstrumentation().manuallyInstrument(OpenAI);

const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
const result = { toolRan: false };
const runTool = traceTool(weatherTool(s, result), { name: s.tool.name });
const weatherAgent = traceAgent((question) => runWeatherAgent({ openai, s, question, result, runTool }), {
  name: s.agentName,
});

await context.with(
  setUser(setSession(context.active(), { sessionId: s.sessionId }), { userId: s.userId }),
  () => weatherAgent(s.question),
);

await provider.shutdown();
console.log(`RESULT ${JSON.stringify(result)}`);
