// The recording agent for LangChain.js traced by OpenInference's LangChain instrumentation, set up
// as its README says. Run by scripts/record-clients/record.ts from the library's install directory;
// JavaScript, because its imports resolve there, not in the repo.
import { setSession, setUser } from "@arizeai/openinference-core";
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { RunnableLambda } from "@langchain/core/runnables";
import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { context } from "@opentelemetry/api";
import { createAgent, tool } from "langchain";
import { z } from "zod";
import { startNodeTracer } from "./shared/node-tracer.mjs";

const s = JSON.parse(process.env.RECORD_SCENARIO);
const provider = startNodeTracer();
new LangChainInstrumentation().manuallyInstrument(CallbackManagerModule);

const connection = {
  apiKey: process.env.OPENAI_API_KEY,
  configuration: { baseURL: process.env.OPENAI_BASE_URL },
};
const model = new ChatOpenAI({ model: s.chatModel, ...connection });
const embeddings = new OpenAIEmbeddings({ model: s.embeddingModel, ...connection });
const result = { toolRan: false };

const getWeather = tool(
  async ({ city }) => {
    result.toolRan = city === s.tool.arguments.city;
    return JSON.stringify(s.tool.result);
  },
  { name: s.tool.name, description: s.tool.description, schema: z.object({ city: z.string() }) },
);
const agent = createAgent({ model, tools: [getWeather], systemPrompt: s.systemPrompt });

// One root chain holds the whole request; child runs get its config (callbacks, metadata) passed on.
const weatherRequest = RunnableLambda.from(async (question, config) => {
  const state = await agent.invoke({ messages: [{ role: "user", content: question }] }, config);
  result.answer = state.messages.at(-1).content;

  result.streamed = "";
  for await (const chunk of await model.stream(s.streamQuestion, config)) result.streamed += chunk.content;

  const vector = await embeddings.embedQuery(s.embeddingInput);
  result.embeddingLength = vector.length;

  try {
    await model.invoke(s.failingQuestion, config);
  } catch (error) {
    result.failure = String(error?.message ?? error);
  }
  return result.answer;
}).withConfig({ runName: s.agentName });

// Session and user the OpenInference way (context attributes), and LangChain's metadata, which the
// instrumentation reads a session id from.
await context.with(
  setUser(setSession(context.active(), { sessionId: s.sessionId }), { userId: s.userId }),
  () => weatherRequest.invoke(s.question, { metadata: { session_id: s.sessionId, user_id: s.userId } }),
);

await provider.shutdown();
console.log(`RESULT ${JSON.stringify(result)}`);
