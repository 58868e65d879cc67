/** Ready-to-paste configuration for a new API key. */

export function curlSnippet(origin: string, key: string): string {
  return [`curl -H "Authorization: Bearer ${key}" \\`, `  ${origin}/api/v1/whoami`].join("\n");
}

export function otelSnippet(origin: string, key: string): string {
  return [
    `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${origin}/v1/traces`,
    `OTEL_EXPORTER_OTLP_TRACES_HEADERS="Authorization=Bearer ${key}"`,
  ].join("\n");
}

export function sdkSnippet(origin: string, key: string): string {
  return [
    `import { init } from "@sightline/sdk";`,
    "",
    `init({ apiKey: "${key}", baseUrl: "${origin}" });`,
  ].join("\n");
}
