// The scenario's agent written against the plain `openai` client, shared by the agents of the
// libraries that instrument that client. Each library wraps the parts it has a concept for (the
// tool, the agent) around these functions.

/** The get_weather tool as plain code; `result.toolRan` proves the model's arguments reached it. */
export function weatherTool(s, result) {
  return (args) => {
    result.toolRan = args.city === s.tool.arguments.city;
    return s.tool.result;
  };
}

/**
 * Runs the scenario: the tool-call turn, the tool (through `runTool`, which may return a promise),
 * the answer, a streamed answer with usage, an embedding and the call the server fails. Fills in
 * `result` and returns the answer.
 */
export async function runWeatherAgent({ openai, s, question, runTool, result }) {
  const tools = [
    {
      type: "function",
      function: {
        name: s.tool.name,
        description: s.tool.description,
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    },
  ];
  const messages = [
    { role: "system", content: s.systemPrompt },
    { role: "user", content: question },
  ];
  const first = await openai.chat.completions.create({ model: s.chatModel, messages, tools });
  const message = first.choices[0].message;
  messages.push(message);
  for (const call of message.tool_calls ?? []) {
    const output = await runTool(JSON.parse(call.function.arguments));
    messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(output) });
  }
  const second = await openai.chat.completions.create({ model: s.chatModel, messages, tools });
  result.answer = second.choices[0].message.content;

  const stream = await openai.chat.completions.create({
    model: s.chatModel,
    messages: [{ role: "user", content: s.streamQuestion }],
    stream: true,
    stream_options: { include_usage: true },
  });
  result.streamed = "";
  for await (const chunk of stream) result.streamed += chunk.choices[0]?.delta?.content ?? "";

  const embedding = await openai.embeddings.create({ model: s.embeddingModel, input: s.embeddingInput });
  result.embeddingLength = embedding.data[0].embedding.length;

  try {
    await openai.chat.completions.create({
      model: s.chatModel,
      messages: [{ role: "user", content: s.failingQuestion }],
    });
  } catch (error) {
    result.failure = String(error?.message ?? error);
  }
  return result.answer;
}
