/**
 * The demo agent's evaluation set: 80 support questions (ten topics, eight phrasings each) with
 * the facts a correct answer states, and the scripted LLM's side of them. The scripted answer
 * model knows one full answer per question and follows one instruction of the system prompt: asked
 * for one sentence (scripts/demo/prompts/terse.txt), it answers with the first sentence only. Two
 * topics keep a fact in their second sentence (when a refund appears, when a cancellation is paid
 * back), so a terse prompt drops it there and only there; gift card balances are beyond the
 * agent's knowledge, so those answers miss their fact whatever the prompt.
 */
import type { Rule } from "../openai-server.ts";
import { ROUTER_MODEL } from "./agent.ts";

/** The dataset eval-setup.ts fills with the cases, and the config evaluates. */
export const DEMO_DATASET = "support-agent-golden";

export interface EvalCase {
  question: string;
  /** The order the question names; the router then calls lookup_order with it. */
  order?: string;
  /** The scripted model's full answer. */
  answer: string;
  /** What a correct answer states (the correctness judge's expected_facts). */
  facts: string[];
}

interface Topic {
  /** One phrasing per case; `{order}` is replaced by the case's order number. */
  questions: string[];
  orders?: string[];
  answer: string;
  facts: string[];
}

const TOPICS: Topic[] = [
  {
    questions: [
      "Where is my refund for order {order}?",
      "Has the refund for order {order} gone through?",
      "When do I get my money back for order {order}?",
      "I returned order {order}, where is my refund?",
      "The refund for order {order} is still not on my card.",
      "Did you refund order {order} yet?",
      "How long until the refund for order {order} shows up?",
      "Refund status for order {order}, please.",
    ],
    orders: ["2041", "2107", "2215", "2330", "2452", "2568", "2673", "2789"],
    answer:
      "I checked order {order}: the refund was issued on Monday to the card you paid with. Banks take 3-5 business days to show it, so you should see it by Friday at the latest.",
    facts: ["refund was issued", "3-5 business days"],
  },
  {
    questions: [
      "Can I change the delivery address of order {order}?",
      "I moved, can order {order} go to my new address?",
      "Wrong address on order {order}, can you fix it?",
      "Please update the shipping address for order {order}.",
      "Is it too late to change where order {order} is delivered?",
      "Can order {order} be sent to my office instead?",
      "I typed the wrong street for order {order}.",
      "Could you redirect order {order} to another address?",
    ],
    orders: ["3104", "3187", "3256", "3342", "3419", "3505", "3671", "3748"],
    answer:
      "Order {order} has not shipped yet, so the address can still be changed. Reply with the new address and I will update it; a confirmation email follows within minutes.",
    facts: ["not shipped yet", "address can still be changed"],
  },
  {
    questions: [
      "Can I cancel order {order}?",
      "Please cancel order {order}.",
      "I changed my mind about order {order}, can you stop it?",
      "How do I cancel order {order}?",
      "Cancel order {order} and refund me, please.",
      "Is it possible to cancel order {order} now?",
      "I ordered by mistake, order {order}: cancel it?",
      "Stop order {order} before it ships, please.",
    ],
    orders: ["4012", "4128", "4233", "4391", "4407", "4552", "4618", "4796"],
    answer:
      "Order {order} is still being packed, so I have cancelled it for you. The full amount goes back to your original payment method within 2 business days.",
    facts: ["cancelled", "within 2 business days"],
  },
  {
    questions: [
      "Order {order} says delivered but I never got it.",
      "Tracking for order {order} shows delivered, nothing here.",
      "Where is order {order}? It says it arrived.",
      "My parcel for order {order} is marked delivered but missing.",
      "Order {order} was not delivered to me.",
      "I cannot find order {order} although it says delivered.",
      "The carrier claims order {order} arrived, it did not.",
      "Order {order}: delivered according to you, not to me.",
    ],
    orders: ["5090", "5143", "5277", "5302", "5466", "5521", "5635", "5784"],
    answer:
      "The carrier marked order {order} as delivered yesterday, and if it does not turn up within 48 hours we send a replacement at no cost. Please check with neighbours and your building's mail room first.",
    facts: ["delivered yesterday", "replacement"],
  },
  {
    questions: [
      "How do I reset my password?",
      "I forgot my password.",
      "Cannot log in, lost my password.",
      "Password reset please.",
      "How can I change a password I no longer remember?",
      "The login page says my password is wrong, help.",
      "Where do I reset my account password?",
      "I need a new password for my account.",
    ],
    answer:
      "Use 'Forgot password?' on the login page and enter your email address to get a reset link. The link is valid for one hour; check your spam folder if it does not arrive.",
    facts: ["Forgot password", "reset link"],
  },
  {
    questions: [
      "Do you ship to Canada?",
      "Can I order from Canada?",
      "Is delivery to Canada possible?",
      "Do you deliver to Toronto?",
      "Shipping to Canada, yes or no?",
      "I live in Vancouver, can you ship to me?",
      "Are Canadian addresses supported?",
      "Do you send parcels to Canada?",
    ],
    answer:
      "Yes, we ship to the US, Canada and the EU, and duties are included at checkout. Orders to Canada take 5 to 8 business days.",
    facts: ["Canada", "duties are included"],
  },
  {
    questions: [
      "My package arrived damaged, what now?",
      "The item came broken.",
      "My order arrived with a cracked screen.",
      "The box was crushed and the product is damaged.",
      "What do I do with a damaged delivery?",
      "I received a damaged item.",
      "The vase arrived in pieces.",
      "My parcel was damaged in transit.",
    ],
    answer:
      "Damaged items are replaced free of charge within 30 days of delivery. Send us a photo of the damage and the packaging, and we ship the replacement the same day.",
    facts: ["replaced free of charge", "30 days"],
  },
  {
    questions: [
      "What is your return policy for electronics?",
      "Can I return headphones I opened?",
      "How long do I have to return a laptop?",
      "Can electronics be returned?",
      "I want to return a tablet, is that possible?",
      "Return rules for electronics, please.",
      "Can I send back an unopened phone?",
      "My new speaker is faulty, can I return it?",
    ],
    answer:
      "Electronics can be returned within 14 days: unopened for any reason, opened when faulty. A prepaid return label is in your order confirmation.",
    facts: ["14 days"],
  },
  {
    questions: [
      "Why was I charged twice?",
      "There are two payments on my card.",
      "You took my money twice.",
      "I see a double charge from your shop.",
      "My bank shows two charges for one order.",
      "Why do I have a duplicate charge?",
      "I was billed twice, please fix it.",
      "Two identical charges appeared on my statement.",
    ],
    answer:
      "The second charge is a pre-authorisation that your bank releases within 3 business days; only one payment was captured. If it is still there after that, we refund it directly.",
    facts: ["pre-authorisation", "3 business days"],
  },
  {
    questions: [
      "What is the balance of gift card GC-1001?",
      "How much is left on my gift card GC-1002?",
      "Check gift card GC-1003 for me.",
      "Gift card GC-1004: what can I still spend?",
      "Is there money left on gift card GC-1005?",
      "What is on gift card GC-1006?",
      "Balance of GC-1007, please.",
      "How much credit does gift card GC-1008 have?",
    ],
    answer:
      "I cannot see gift card balances, so I have handed this conversation to our support team. Someone will reply within an hour.",
    facts: ["remaining balance"],
  },
];

const fill = (text: string, order: string | undefined) => text.replaceAll("{order}", order ?? "");

/** The 80 cases, in topic order. */
export const EVAL_CASES: readonly EvalCase[] = TOPICS.flatMap((topic) =>
  topic.questions.map((phrasing, i) => {
    const order = topic.orders?.[i];
    return {
      question: fill(phrasing, order),
      ...(order === undefined ? {} : { order }),
      answer: fill(topic.answer, order),
      facts: topic.facts.map((f) => fill(f, order)),
    };
  }),
);

/** The dataset's records: each question with its expected facts. */
export const evalRecords = () =>
  EVAL_CASES.map((c) => ({ inputs: { question: c.question }, expectations: { expected_facts: c.facts } }));

/** What the order service answers for the evaluation's orders. */
export const EVAL_ORDERS: Record<string, Record<string, string>> = Object.fromEntries(
  EVAL_CASES.flatMap((c) => (c.order === undefined ? [] : [[c.order, { status: "found" }]])),
);

/** The first sentence of a text: up to the first `.`, `!` or `?` followed by a space, or all of it. */
export function firstSentence(text: string): string {
  const end = /[.!?](\s|$)/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}

/** The system prompt asks for a single sentence. */
export const asksForOneSentence = (systemPrompt: string) => /\bone (short )?sentence\b/i.test(systemPrompt);

function systemPromptOf(body: unknown): string {
  const messages = (body as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return "";
  const system = messages.find((m: { role?: unknown }) => m?.role === "system") as
    | { content?: unknown }
    | undefined;
  return typeof system?.content === "string" ? system.content : "";
}

/**
 * The scripted LLM's rules for the agent over the cases: the router calls lookup_order for a
 * question naming an order and answers "no_tool" otherwise; the answer model says the case's
 * answer, or its first sentence when the system prompt asks for one sentence.
 */
export function evalAgentRules(): Rule[] {
  const router: Rule[] = EVAL_CASES.flatMap((c) =>
    c.order === undefined
      ? []
      : [
          {
            path: "/v1/chat/completions",
            model: ROUTER_MODEL,
            lastUserMessageIncludes: c.question,
            reply: { content: null, toolCalls: [{ name: "lookup_order", arguments: { order: c.order } }] },
          },
        ],
  );
  const answers: Rule[] = EVAL_CASES.map((c) => ({
    path: "/v1/chat/completions",
    lastUserMessageIncludes: c.question,
    reply: (request) => ({
      content: asksForOneSentence(systemPromptOf(request.body)) ? firstSentence(c.answer) : c.answer,
    }),
  }));
  return [
    ...router,
    { path: "/v1/chat/completions", model: ROUTER_MODEL, reply: { content: "no_tool" } },
    ...answers,
  ];
}
