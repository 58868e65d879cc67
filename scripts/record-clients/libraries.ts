/**
 * The instrumentation libraries we record, each with what gets installed into its own directory
 * outside the repo (never our lockfile) and what a replay test should know about it. `notes` are
 * observations from the recordings: what the library itself never sends.
 */
export interface Library {
  id: string;
  title: string;
  /** npm specs installed into `<workdir>/<id>`; the agent is `agents/<id>.mjs`. */
  packages: string[];
  /** Extra environment for the agent, e.g. a library's documented switch for content capture. */
  env?: Record<string, string>;
  /** Whether the agent can set the scenario's session and user the library's documented way. */
  setsSession: boolean;
  setsUser: boolean;
  /** How the agent drives the library. */
  setup: string;
  notes: string;
}

const otelTraceProto = [
  "@opentelemetry/api",
  "@opentelemetry/sdk-node",
  "@opentelemetry/exporter-trace-otlp-proto",
];
/** What agents/shared/node-tracer.mjs imports. */
const otelNodeTracer = [
  "@opentelemetry/api",
  "@opentelemetry/sdk-trace-node",
  "@opentelemetry/exporter-trace-otlp-proto",
  "@opentelemetry/resources",
];

export const libraries: Library[] = [
  {
    id: "vercel-ai-6",
    title: "Vercel AI SDK 6 (experimental_telemetry)",
    packages: ["ai@6", "@ai-sdk/openai@3", "zod@4", ...otelTraceProto],
    setsSession: true,
    setsUser: true,
    setup:
      "NodeSDK + OTLP/protobuf trace exporter. A plain SERVER root span 'POST /api/chat' (like an HTTP handler) holds: generateText with the get_weather tool and stopWhen stepCountIs(3) (tool call, tool run, answer), streamText, embed, and a generateText that fails with HTTP 400. Every call has experimental_telemetry { isEnabled, functionId: 'weather-agent', metadata: { sessionId, userId } }. The provider is openai(model), i.e. the Responses API.",
    notes:
      "Only ai.* spans (ai.generateText, ai.generateText.doGenerate, ai.toolCall, ai.streamText(.doStream), ai.embed(.doEmbed)), all INTERNAL, type only in ai.operationId. Outer ai.generateText/ai.streamText/ai.embed spans repeat the usage of their do* children (ai.usage.*; the tool-call agent's 304/36 is the sum of its two doGenerate calls), so only do* spans count. gen_ai.usage.* appears on do* spans only. Conversation: ai.prompt (JSON of system/prompt) on outer spans, ai.prompt.messages on do* spans; answers in ai.response.text, tool calls in ai.response.toolCalls; the tool span carries ai.toolCall.name/id/args/result. Embedding: ai.value(s), ai.embedding(s), ai.usage.tokens (no gen_ai.* at all). Session/user only as ai.telemetry.metadata.sessionId/userId. The failed call: ERROR status + exception event on ai.generateText and its doGenerate, no usage. The trace root is a plain HTTP-like span without GenAI attributes.",
  },
  {
    id: "vercel-ai-7",
    title: "Vercel AI SDK 7 (@ai-sdk/otel)",
    packages: ["ai@7", "@ai-sdk/openai@4", "@ai-sdk/otel@1", "zod@4", ...otelTraceProto],
    setsSession: true,
    setsUser: true,
    setup:
      "NodeSDK + OTLP/protobuf trace exporter; registerTelemetry(new OpenTelemetry({ runtimeContext: true, embedding: true })) — the supplemental ai.settings.context.* attributes are how runtime context (session, user) reaches spans. Same root span and calls as AI SDK 6; each call has runtimeContext { sessionId, userId } and telemetry { functionId: 'weather-agent', includeRuntimeContext: { sessionId: true, userId: true } }.",
    notes:
      "GenAI semantic-convention spans only: invoke_agent {model} > step N (agent_step) > chat {model} (CLIENT) and execute_tool {tool}; embeddings {model} twice (outer operation, inner model call, both CLIENT). invoke_agent repeats the sum of its chat children's gen_ai.usage.* (304/36); only chat and the inner embeddings span are where tokens were spent (the outer embeddings span has none). Messages are GenAI parts JSON: gen_ai.system_instructions, gen_ai.input.messages, gen_ai.output.messages (tool_call / tool_call_response / text parts; invoke_agent's output holds the whole run). execute_tool has gen_ai.tool.name, gen_ai.tool.call.id/arguments/result. Session/user only as ai.settings.context.sessionId/userId (needs OpenTelemetry({ runtimeContext: true }) and includeRuntimeContext) and only on invoke_agent, step and embeddings spans, not on chat or execute_tool. Failed call: ERROR + exception event + http.response.status_code 400 on invoke_agent, step 1 and chat. No ai.* legacy attributes besides the opted-in ai.settings.context.*, ai.value(s), ai.embedding(s).",
  },
  {
    id: "traceloop",
    title: "OpenLLMetry / Traceloop (@traceloop/node-server-sdk)",
    // Its OpenAI instrumentation declares openai >=4 <7.
    packages: ["@traceloop/node-server-sdk@0.27", "openai@6"],
    env: { TRACELOOP_TELEMETRY: "false", TRACELOOP_SYNC_ENABLED: "false" },
    setsSession: true,
    setsUser: true,
    setup:
      "traceloop.initialize({ baseUrl, apiKey, disableBatch: true, instrumentModules: { openAI: OpenAI } }) — the SDK's own OTLP/protobuf exporter to <baseUrl>/v1/traces with a Bearer key. withAssociationProperties({ session_id, user_id }) around withWorkflow('weather_workflow') > withAgent('weather_agent') > the chat calls, withTool('get_weather'), the streamed call (stream_options.include_usage), the embedding and the failing call.",
    notes:
      'The SDK exports each span in its own request (disableBatch). Spans: <name>.workflow / <name>.agent / <name>.tool with traceloop.span.kind, traceloop.entity.name/input/output (input is {"args":[…],"kwargs":{…}} JSON of the wrapped function\'s arguments), and chat {model} CLIENT spans in GenAI semconv (gen_ai.input.messages / gen_ai.output.messages with parts, gen_ai.tool.definitions, gen_ai.usage.*). Session/user: traceloop.association.properties.session_id/user_id on every span. Never sent: any embeddings span (its OpenAI instrumentation does not wrap embeddings), and anything of the failed call (the chat span of a call that throws is never ended, so never exported). Streamed usage is estimated by the library (8 in / 17 out) instead of the 307/23 the server reported in the include_usage chunk.',
  },
  {
    id: "langfuse",
    title: "Langfuse TS SDK 5 (@langfuse/tracing + @langfuse/otel + @langfuse/openai)",
    // @langfuse/otel peers on @opentelemetry/core 2.x, which peers on @opentelemetry/api <1.10.
    packages: [
      "@langfuse/tracing@5",
      "@langfuse/otel@5",
      "@langfuse/openai@5",
      "openai@7",
      "@opentelemetry/api@~1.9",
      "@opentelemetry/sdk-node@^0.223",
      "@opentelemetry/exporter-trace-otlp-http@^0.223",
    ],
    setsSession: true,
    setsUser: true,
    setup:
      "NodeSDK({ spanProcessors: [new LangfuseSpanProcessor({ publicKey: 'pk-lf-test', secretKey: 'sk-lf-test', baseUrl })] }); its exporter posts OTLP/JSON (exporter-trace-otlp-http, not protobuf) to <baseUrl>/api/public/otel/v1/traces with Basic auth. startActiveObservation('weather-agent', { asType: 'agent' }) > propagateAttributes({ sessionId, userId }) > observeOpenAI(new OpenAI()) calls; the tool is startActiveObservation('get_weather', { asType: 'tool' }) with input and output set.",
    notes:
      "OTLP/JSON (not protobuf) to /api/public/otel/v1/traces with Basic base64(pk-lf-test:sk-lf-test) and x-langfuse-sdk-name/-version/-public-key headers. Every span is INTERNAL with status UNSET; the type is langfuse.observation.type (agent, tool, generation — also for the embedding). Generations: langfuse.observation.model.name, usage_details JSON {input, output, total}, input = the OpenAI request params as JSON ({messages, tools}), output = the assistant message object as JSON (tool calls in OpenAI shape) or plain text for the streamed call, completion_start_time on the streamed call. Session/user: session.id and user.id on every span (propagateAttributes). The embedding generation has no usage_details and an empty output. The failed call is a generation with langfuse.observation.level ERROR, status_message, cost_details of zeros and no usage — its OTel status stays UNSET.",
  },
  {
    id: "langchain-openinference",
    title: "LangChain.js + OpenInference (@arizeai/openinference-instrumentation-langchain)",
    packages: [
      "@langchain/openai@1",
      "@langchain/core@1",
      "langchain@1",
      "zod@4",
      "@arizeai/openinference-instrumentation-langchain",
      "@arizeai/openinference-core",
      ...otelNodeTracer,
    ],
    setsSession: true,
    setsUser: true,
    setup:
      "NodeTracerProvider + OTLP/protobuf exporter; LangChainInstrumentation.manuallyInstrument(CallbackManagerModule) as its README says. A root RunnableLambda named 'weather-agent' holds: createAgent({ model: ChatOpenAI, tools: [get_weather], systemPrompt }) invoked with the question (LangGraph: model call, tool, model call), model.stream (streamUsage on by default), OpenAIEmbeddings.embedQuery, and a model.invoke that fails with HTTP 400. Session and user via openinference-core setSession/setUser, plus LangChain metadata { session_id, user_id }.",
    notes:
      'All spans INTERNAL with openinference.span.kind: CHAIN (root runnable, LangGraph, __start__, model_request, tools, RunnableLambda routing nodes), LLM (ChatOpenAI), TOOL (get_weather). LLM spans: llm.model_name, llm.token_count.prompt/completion/total, llm.invocation_parameters, llm.tools.N.tool.json_schema, flattened llm.input_messages.N.message.role/content and llm.output_messages.N.message.* with tool_calls.N.tool_call.function.name/arguments (no tool_call.id); input.value/output.value are serialised LangChain objects ({"lc":1,"type":"constructor",…}). The system message\'s content is missing from the flattened messages (createAgent passes it as content blocks), so the system prompt is only in input.value. TOOL span: tool.name, input.value is the bare argument value ("Paris"), output.value a serialised ToolMessage. Session/user: session.id and user.id on every span (from setSession/setUser; LangChain metadata lands JSON-encoded in `metadata`). Never sent: an embedding span (OpenAIEmbeddings does not run callbacks). Failed call: LLM span with ERROR status and an exception event. Chain spans have status OK.',
  },
  {
    id: "otel-instrumentation-openai",
    title: "OpenTelemetry's own OpenAI instrumentation (@opentelemetry/instrumentation-openai)",
    // It declares openai >=4.19.0 <7.
    packages: [
      "@opentelemetry/instrumentation-openai",
      "openai@6",
      "@opentelemetry/exporter-logs-otlp-proto",
      "@opentelemetry/sdk-logs",
      ...otelTraceProto,
    ],
    env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" },
    setsSession: false,
    setsUser: false,
    setup:
      "NodeSDK with OpenAIInstrumentation, an OTLP/protobuf trace exporter to /v1/traces and a BatchLogRecordProcessor with the OTLP/protobuf log exporter to /v1/logs; OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true. The ESM loader hook (@opentelemetry/instrumentation/hook.mjs) is registered before openai is imported. A plain SERVER root span 'POST /api/chat' holds the calls; the tool runs inside a plain INTERNAL span 'get_weather' (the library has no tool concept).",
    notes:
      "Spans carry no content at all: chat {model} / embeddings {model} CLIENT spans with gen_ai.operation.name, gen_ai.system, gen_ai.request/response.model, gen_ai.usage.input_tokens/output_tokens, gen_ai.response.finish_reasons, server.address/port. Content comes as OTLP log records to /v1/logs, one per message, with the span's trace and span id, the event name in the `event.name` attribute (the LogRecord event_name field is empty) and the message in the body: gen_ai.system.message / gen_ai.user.message {content}, gen_ai.assistant.message {tool_calls}, gen_ai.tool.message {id, content}, gen_ai.choice {finish_reason, index, message {content | tool_calls}}. The embedding has no log records. Failed call: ERROR status + error.type BadRequestError on the chat span, its user message log record, no usage. No session/user (the library has no such concept); the tool span and the root are the app's own plain spans.",
  },
  {
    id: "openinference-openai",
    title: "OpenInference OpenAI (@arizeai/openinference-instrumentation-openai)",
    packages: [
      "@arizeai/openinference-instrumentation-openai",
      "@arizeai/openinference-core",
      "openai@7",
      ...otelNodeTracer,
    ],
    setsSession: true,
    setsUser: true,
    setup:
      "NodeTracerProvider + OTLP/protobuf exporter; OpenAIInstrumentation.manuallyInstrument(OpenAI) (the documented ESM route). openinference-core's traceAgent('weather-agent') wraps the calls and traceTool('get_weather') the tool; session and user come from setSession/setUser on the active context.",
    notes:
      "All spans INTERNAL with openinference.span.kind (AGENT and TOOL from openinference-core's traceAgent/traceTool, LLM and EMBEDDING from the instrumentation). LLM spans: llm.model_name, llm.system, llm.invocation_parameters, llm.tools.N.tool.json_schema, flattened llm.input_messages / llm.output_messages including tool_calls.N.tool_call.id/function.name/function.arguments and tool_call_id on the tool message, llm.token_count.*; input.value is the request JSON, output.value the response JSON. EMBEDDING span: embedding.model_name, embedding.embeddings.N.embedding.text/vector. Session/user: session.id and user.id on every span. Never sent: a span for the failed call; token counts for the streamed call (it skips the usage-only chunk, choices: []) and for the embedding; the streamed LLM span has status UNSET, the others OK.",
  },
];
