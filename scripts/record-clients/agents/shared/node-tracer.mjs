// A NodeTracerProvider exporting OTLP/protobuf to the capture server, registered globally: the
// setup OpenInference's READMEs start from.
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

export function startNodeTracer() {
  const exporter = new OTLPTraceExporter({ url: `${process.env.OTLP_ENDPOINT}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": "weather-app" }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return provider;
}
