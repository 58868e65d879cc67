// The recording agent for OpenTelemetry's own OpenAI instrumentation, set up as its README says
// (NodeSDK + OpenAIInstrumentation), with a log pipeline because message content is emitted as log
// records, and OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true (set by the runner). Run by
// scripts/record-clients/record.ts from the library's install directory; JavaScript, because its
// imports resolve there, not in the repo.
import { register } from "node:module";
import { SpanKind, trace } from "@opentelemetry/api";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OpenAIInstrumentation } from "@opentelemetry/instrumentation-openai";
import { BatchLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { runWeatherAgent, weatherTool } from "./shared/openai-agent.mjs";

// In an ES module program the instrumentation patches modules through this loader hook, which has
// to be in place before `openai` is first imported.
register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);

const s = JSON.parse(process.env.RECORD_SCENARIO);
const logExporter = new OTLPLogExporter({ url: `${process.env.OTLP_ENDPOINT}/v1/logs` });
const sdk = new NodeSDK({
  serviceName: "weather-app",
  traceExporter: new OTLPTraceExporter({ url: `${process.env.OTLP_ENDPOINT}/v1/traces` }),
  logRecordProcessors: [new BatchLogRecordProcessor({ exporter: logExporter })],
  instrumentations: [new OpenAIInstrumentation()],
});
sdk.start();
const { default: OpenAI } = await import("openai");

const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
const tracer = trace.getTracer("weather-app");
const result = { toolRan: false };
const getWeather = weatherTool(s, result);
// The library has no tool concept: the tool runs in a plain span of the app's own.
const runTool = (args) =>
  tracer.startActiveSpan(s.tool.name, (span) => {
    const output = getWeather(args);
    span.end();
    return output;
  });

const attributes = { "http.request.method": "POST", "http.route": "/api/chat" };
await tracer.startActiveSpan("POST /api/chat", { kind: SpanKind.SERVER, attributes }, async (root) => {
  await runWeatherAgent({ openai, s, question: s.question, result, runTool });
  root.end();
});

await sdk.shutdown();
console.log(`RESULT ${JSON.stringify(result)}`);
