// The recording agent for the Vercel AI SDK 6 (experimental_telemetry), set up as its telemetry
// docs say. Run by scripts/record-clients/record.ts from the library's install directory;
// JavaScript, because its imports resolve there, not in the repo.
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { runVercelAgent } from "./shared/vercel-agent.mjs";

const s = JSON.parse(process.env.RECORD_SCENARIO);
const sdk = new NodeSDK({
  serviceName: "weather-app",
  traceExporter: new OTLPTraceExporter({ url: `${process.env.OTLP_ENDPOINT}/v1/traces` }),
});
sdk.start();

const result = await runVercelAgent({
  s,
  instructionsKey: "system",
  callOptions: {
    experimental_telemetry: {
      isEnabled: true,
      functionId: s.agentName,
      metadata: { sessionId: s.sessionId, userId: s.userId },
    },
  },
});

await sdk.shutdown();
console.log(`RESULT ${JSON.stringify(result)}`);
