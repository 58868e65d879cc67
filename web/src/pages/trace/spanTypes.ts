import {
  IconBot,
  IconBraces,
  IconChat,
  IconCircle,
  type IconComponent,
  IconEvaluations,
  IconFileSearch,
  IconLink,
  IconRanking,
  IconShield,
  IconSparkle,
  IconVector,
  IconWrench,
} from "../../ui/icons";

/** How each span type looks: an icon, a label and a colour (`span-type--<tone>` in CSS). */
export interface SpanTypeLook {
  label: string;
  icon: IconComponent;
  tone: "llm" | "tool" | "retrieval" | "agent" | "chain" | "guard" | "other";
}

const LOOKS: Readonly<Record<string, SpanTypeLook>> = {
  LLM: { label: "LLM", icon: IconSparkle, tone: "llm" },
  CHAT_MODEL: { label: "Chat model", icon: IconChat, tone: "llm" },
  EMBEDDING: { label: "Embedding", icon: IconVector, tone: "retrieval" },
  RETRIEVER: { label: "Retriever", icon: IconFileSearch, tone: "retrieval" },
  RERANKER: { label: "Reranker", icon: IconRanking, tone: "retrieval" },
  TOOL: { label: "Tool", icon: IconWrench, tone: "tool" },
  AGENT: { label: "Agent", icon: IconBot, tone: "agent" },
  CHAIN: { label: "Chain", icon: IconLink, tone: "chain" },
  PARSER: { label: "Parser", icon: IconBraces, tone: "chain" },
  GUARDRAIL: { label: "Guardrail", icon: IconShield, tone: "guard" },
  EVALUATOR: { label: "Evaluator", icon: IconEvaluations, tone: "guard" },
};

const UNKNOWN: SpanTypeLook = { label: "Span", icon: IconCircle, tone: "other" };

export function spanTypeLook(type: string): SpanTypeLook {
  return LOOKS[type.toUpperCase()] ?? { ...UNKNOWN, label: type && type !== "UNKNOWN" ? type : "Span" };
}

/** Span types offered by the filter. */
export const SPAN_TYPES: readonly string[] = [...Object.keys(LOOKS), "UNKNOWN"];
