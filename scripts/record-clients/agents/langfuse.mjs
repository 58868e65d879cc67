// The recording agent for the Langfuse TS SDK (v4/v5 line: @langfuse/tracing, @langfuse/otel,
// @langfuse/openai), set up as its docs say. Run by scripts/record-clients/record.ts from the
// library's install directory; JavaScript, because its imports resolve there, not in the repo.
import { observeOpenAI } from "@langfuse/openai";
import { LangfuseSpanProcessor } from "@langfuse/otel";
import { propagateAttributes, startActiveObservation } from "@langfuse/tracing";
import { NodeSDK } from "@opentelemetry/sdk-node";
import OpenAI from "openai";
import { runWeatherAgent, weatherTool } from "./shared/openai-agent.mjs";

const s = JSON.parse(process.env.RECORD_SCENARIO);
const sdk = new NodeSDK({
  serviceName: "weather-app",
  spanProcessors: [
    new LangfuseSpanProcessor({
      publicKey: "pk-lf-test",
      secretKey: "sk-lf-test",
      baseUrl: process.env.OTLP_ENDPOINT,
    }),
  ],
});
sdk.start();

const openai = observeOpenAI(
  new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY }),
);
const result = { toolRan: false };
const getWeather = weatherTool(s, result);
const runTool = (args) =>
  startActiveObservation(
    s.tool.name,
    async (tool) => {
      tool.update({ input: args });
      const output = getWeather(args);
      tool.update({ output });
      return output;
    },
    { asType: "tool" },
  );

await startActiveObservation(
  s.agentName,
  (agent) =>
    propagateAttributes({ sessionId: s.sessionId, userId: s.userId }, async () => {
      agent.update({ input: s.question });
      const answer = await runWeatherAgent({ openai, s, question: s.question, result, runTool });
      agent.update({ output: answer });
    }),
  { asType: "agent" },
);

await sdk.shutdown();
console.log(`RESULT ${JSON.stringify(result)}`);
