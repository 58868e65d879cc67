import { chatBubbles } from "./display";
import { compactArguments } from "./format";
import type { Conversation } from "./types";

/** The bubbles of a conversation as lines (`role (name): item | item`), for tests to compare. */
export function outline(conversation: Conversation | null): string[] {
  if (!conversation) return [];
  return chatBubbles(conversation).map((bubble) => {
    const items = bubble.items.map((item) => {
      switch (item.kind) {
        case "text":
          return item.text;
        case "reasoning":
          return `(reasoning) ${item.text}`;
        case "call":
          return item.resultLine === null ? item.line : `${item.line} → ${item.resultLine}`;
        case "result":
          return `result ${compactArguments(item.result.result)}`;
        default:
          return `json ${JSON.stringify(item.value)}`;
      }
    });
    return `${bubble.role}${bubble.name ? ` (${bubble.name})` : ""}: ${items.join(" | ")}`;
  });
}
