/**
 * What seven real instrumentation libraries sent to an OTLP endpoint, recorded by
 * scripts/record-clients/ (tests/fixtures/clients/README.md), and a replay of those requests
 * against this Worker, byte for byte.
 */
import langchainOpeninference from "../../tests/fixtures/clients/langchain-openinference.json?raw";
import langfuse from "../../tests/fixtures/clients/langfuse.json?raw";
import openinferenceOpenai from "../../tests/fixtures/clients/openinference-openai.json?raw";
import otelInstrumentationOpenai from "../../tests/fixtures/clients/otel-instrumentation-openai.json?raw";
import traceloop from "../../tests/fixtures/clients/traceloop.json?raw";
import vercelAi6 from "../../tests/fixtures/clients/vercel-ai-6.json?raw";
import vercelAi7 from "../../tests/fixtures/clients/vercel-ai-7.json?raw";
import { call } from "./helpers";

export type ClientFixture = {
  library: string;
  session: string | null;
  user: string | null;
  expected: {
    systemPrompt: string;
    question: string;
    toolName: string;
    toolArguments: Record<string, unknown>;
    toolResult: Record<string, unknown>;
    finalAnswer: string;
    failureMessage: string;
  };
  requests: { path: string; headers: Record<string, string>; bodyBase64: string }[];
};

export const CLIENT_FIXTURES: readonly ClientFixture[] = [
  vercelAi6,
  vercelAi7,
  traceloop,
  langfuse,
  langchainOpeninference,
  otelInstrumentationOpenai,
  openinferenceOpenai,
].map((text) => JSON.parse(text) as ClientFixture);

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Sends each recorded request as the library sent it (path, content type, encoding, body), with
 * `key` as the library's credential: a bearer token, or for Langfuse's exporter Basic auth whose
 * password is the key. `paths` may send a request elsewhere (a path not built yet).
 */
export async function replay(
  fixture: ClientFixture,
  key: string,
  options: { only?: (path: string) => boolean } = {},
): Promise<Response[]> {
  const answers: Response[] = [];
  for (const request of fixture.requests) {
    if (options.only && !options.only(request.path)) continue;
    const headers = new Headers({
      "content-type": request.headers["content-type"] ?? "application/x-protobuf",
    });
    const encoding = request.headers["content-encoding"];
    if (encoding) headers.set("content-encoding", encoding);
    headers.set(
      "authorization",
      request.headers.authorization?.startsWith("Basic ")
        ? `Basic ${btoa(`pk-lf-test:${key}`)}`
        : `Bearer ${key}`,
    );
    answers.push(await call(request.path, { method: "POST", headers, body: bytesOf(request.bodyBase64) }));
  }
  return answers;
}
