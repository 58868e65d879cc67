// The recording agent for OpenLLMetry / Traceloop, set up as its docs say (instrumentModules is
// the documented route for ES modules). Run by scripts/record-clients/record.ts from the library's
// install directory; JavaScript, because its imports resolve there, not in the repo.
import * as traceloop from "@traceloop/node-server-sdk";
import OpenAI from "openai";
import { runWeatherAgent, weatherTool } from "./shared/openai-agent.mjs";

const s = JSON.parse(process.env.RECORD_SCENARIO);
traceloop.initialize({
  appName: "weather-app",
  baseUrl: process.env.OTLP_ENDPOINT,
  apiKey: "tl-test",
  disableBatch: true,
  traceloopSyncEnabled: false,
  instrumentModules: { openAI: OpenAI },
});

const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
const result = { toolRan: false };
const getWeather = weatherTool(s, result);
// The failing call leaves nothing: the OpenAI instrumentation never ends the span of a call that
// throws (and withTask/withAgent do not end theirs when the wrapped promise rejects).
const weatherAgent = (question) =>
  runWeatherAgent({
    openai,
    s,
    question,
    result,
    runTool: (args) => traceloop.withTool({ name: s.tool.name }, getWeather, args),
  });

await traceloop.withAssociationProperties(
  {
    [traceloop.AssociationProperty.SESSION_ID]: s.sessionId,
    [traceloop.AssociationProperty.USER_ID]: s.userId,
  },
  () =>
    traceloop.withWorkflow({ name: "weather_workflow" }, () =>
      traceloop.withAgent({ name: "weather_agent" }, weatherAgent, s.question),
    ),
);

await traceloop.forceFlush();
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
