import { asConversation, textOfParts } from "./chat";

/**
 * Previews are the server's first 500 characters of the trace's input or output. When that is a
 * JSON message (`{"role":"assistant","content":"…"}`) rather than text, show the text.
 */
export function readablePreview(text: string | null, side: "input" | "output"): string | null {
  if (!text) return text;
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    const conversation = asConversation(JSON.parse(trimmed));
    if (!conversation) return text;
    const messages = conversation.messages;
    const pick =
      side === "input"
        ? ([...messages].reverse().find((message) => message.role === "user") ?? messages.at(-1))
        : messages.at(-1);
    return (pick && textOfParts(pick.parts)) || text;
  } catch {
    return text; // Cut JSON (longer than the preview) stays as it is.
  }
}
