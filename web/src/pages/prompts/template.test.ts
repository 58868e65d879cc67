import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../api/prompts";
import { messageTexts, moveMessage, switchKind, variablesOf } from "./template";

describe("prompt template drafts", () => {
  it("lists the variables as the server reads them: letters, digits, _ and ., spaces allowed, first use first", () => {
    expect(
      variablesOf({
        kind: "chat",
        messages: [
          { role: "system", content: "About {{ product }} and {{user.name}}; {{ not a var }} {{x-y}}" },
          { role: "user", content: "{{question}} {{  product  }}" },
        ],
      }),
    ).toEqual(["product", "user.name", "question"]);
    expect(variablesOf({ kind: "text", text: "{ {a}} {{}} {{ b_2 }}" })).toEqual(["b_2"]);
  });

  it("moves messages within bounds and switches kinds keeping the text", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: "a" },
      { role: "user", content: "b" },
      { role: "assistant", content: "c" },
    ];
    expect(moveMessage(messages, 2, -1).map((m) => m.content)).toEqual(["a", "c", "b"]);
    expect(moveMessage(messages, 0, -1).map((m) => m.content)).toEqual(["a", "b", "c"]);
    expect(moveMessage(messages, 0, 1).map((m) => m.content)).toEqual(["b", "a", "c"]);
    expect(switchKind({ kind: "text", text: "Hi {{ x }}" })).toEqual({
      kind: "chat",
      messages: [{ role: "user", content: "Hi {{ x }}" }],
    });
    expect(switchKind({ kind: "chat", messages })).toEqual({ kind: "text", text: "a\n\nb\n\nc" });
    expect(messageTexts(messages)[1]).toEqual({ label: "Message 2 · user", text: "b" });
  });
});
