import { BASE, call } from "./helpers";
import { otlpJson, type SpanInput } from "./otlp-builders";

export * from "./otlp-builders";

export function sendOtlpJson(
  key: string,
  spans: SpanInput[],
  headers: Record<string, string> = {},
): Promise<Response> {
  return call("/v1/traces", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", origin: BASE, ...headers },
    body: JSON.stringify(otlpJson(spans)),
  });
}
