// The scenario for the Vercel AI SDK (6 and 7 share this API), under a plain HTTP-like root span
// the way an app's route handler would hold it. `callOptions` is what each major version needs
// for telemetry, spread into every call; `instructionsKey` names the system-prompt option.
import { createOpenAI } from "@ai-sdk/openai";
import { SpanKind, trace } from "@opentelemetry/api";
import { embed, generateText, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";

export function runVercelAgent({ s, callOptions, instructionsKey }) {
  const openai = createOpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
  const result = { toolRan: false };
  const getWeather = tool({
    description: s.tool.description,
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      result.toolRan = city === s.tool.arguments.city;
      return s.tool.result;
    },
  });
  const attributes = { "http.request.method": "POST", "http.route": "/api/chat" };
  return trace
    .getTracer("weather-app")
    .startActiveSpan("POST /api/chat", { kind: SpanKind.SERVER, attributes }, async (root) => {
      const answer = await generateText({
        model: openai(s.chatModel),
        [instructionsKey]: s.systemPrompt,
        prompt: s.question,
        tools: { [s.tool.name]: getWeather },
        stopWhen: stepCountIs(3),
        ...callOptions,
      });
      result.answer = answer.text;

      const stream = streamText({ model: openai(s.chatModel), prompt: s.streamQuestion, ...callOptions });
      result.streamed = "";
      for await (const delta of stream.textStream) result.streamed += delta;

      const embedding = await embed({
        model: openai.embedding(s.embeddingModel),
        value: s.embeddingInput,
        ...callOptions,
      });
      result.embeddingLength = embedding.embedding.length;

      try {
        await generateText({ model: openai(s.chatModel), prompt: s.failingQuestion, ...callOptions });
      } catch (error) {
        result.failure = String(error?.message ?? error);
      }
      root.end();
      return result;
    });
}
