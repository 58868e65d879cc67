// The recording agent for the Vercel AI SDK 7 with @ai-sdk/otel, set up as its telemetry docs say.
// Run by scripts/record-clients/record.ts from the library's install directory; JavaScript,
// because its imports resolve there, not in the repo.
import { OpenTelemetry } from "@ai-sdk/otel";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { registerTelemetry } from "ai";
import { runVercelAgent } from "./shared/vercel-agent.mjs";

const s = JSON.parse(process.env.RECORD_SCENARIO);
const sdk = new NodeSDK({
  serviceName: "weather-app",
  traceExporter: new OTLPTraceExporter({ url: `${process.env.OTLP_ENDPOINT}/v1/traces` }),
});
sdk.start();
// runtimeContext: true emits the supplemental ai.settings.context.* attributes (session, user);
// embedding: true records the embedded values. Both are off by default.
registerTelemetry(new OpenTelemetry({ runtimeContext: true, embedding: true }));

const result = await runVercelAgent({
  s,
  instructionsKey: "instructions",
  callOptions: {
    runtimeContext: { sessionId: s.sessionId, userId: s.userId },
    telemetry: { functionId: s.agentName, includeRuntimeContext: { sessionId: true, userId: true } },
  },
});

await sdk.shutdown();
console.log(`RESULT ${JSON.stringify(result)}`);
